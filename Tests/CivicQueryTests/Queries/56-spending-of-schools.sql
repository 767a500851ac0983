WITH RECURSIVE area_1(id) AS (SELECT ? UNION SELECT a.area_id FROM areas a JOIN area_1 w ON a.parent_id = w.id UNION SELECT l.area_id FROM area_links l JOIN area_1 w ON l.container_id = w.id),
  institution_2(id) AS (SELECT _id FROM (SELECT s.name AS "name", s.kind AS "kind", (SELECT l0.name FROM areas l0 WHERE l0.area_id = s.area_id) AS "area", s.institution_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || s.area_source_id, '') AS _sources FROM institutions s WHERE (s.kind IN (?, ?)) AND (s.area_id IN (SELECT id FROM area_1))) AS q_3)
SELECT "payer", "total", _sources FROM (SELECT "payer", coalesce(sum("amount"), 0) AS "total", group_concat(DISTINCT _sources) AS _sources FROM (SELECT s.date AS "date", (SELECT l0.name FROM institutions l0 WHERE l0.institution_id = s.payer_id) AS "payer", coalesce(s.supplier, (SELECT l0.name FROM suppliers l0 WHERE l0.supplier_id = s.supplier_id)) AS "supplier", (SELECT l0.name FROM categories l0 WHERE l0.category_id = s.category_id) AS "category", s.amount_pence AS "amount", s.payment_id AS _id, s.source_id AS _sources FROM payments s WHERE (s.payer_id IN (SELECT id FROM institution_2)) AND (s.paid_from >= ? AND s.paid_from <= ? AND s.paid_to <= ?)) AS q_4 GROUP BY "payer") AS q_5 ORDER BY "payer", "total"
-- parameters
-- ?1 = "E05011131"
-- ?2 = "academy"
-- ?3 = "school"
-- ?4 = "2023-04-01"
-- ?5 = "2024-03-31"
-- ?6 = "2024-03-31"
-- columns: payer text, total money
-- resolved: ward "Hodge Hill" → Bromford & Hodge Hill (E05011131)
