WITH RECURSIVE area_1(id) AS (SELECT x.id COLLATE "C" FROM (SELECT $1) AS x(id) UNION SELECT e.area_id FROM area_1 w CROSS JOIN LATERAL (SELECT a.area_id FROM areas a WHERE a.parent_id = w.id UNION ALL SELECT l.area_id FROM area_links l WHERE l.container_id = w.id) AS e),
  institution_2(id) AS (SELECT _id FROM (SELECT s.name AS "name", s.kind AS "kind", (SELECT l0.name FROM areas l0 WHERE l0.area_id = s.area_id) AS "area", s.institution_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || s.area_source_id, '') AS _sources FROM institutions s WHERE (s.kind IN ($2, $3)) AND (s.area_id IN (SELECT id FROM area_1))) AS q_3)
SELECT "payer", "total", _sources FROM (SELECT "payer", coalesce(sum("amount"), 0) AS "total", string_agg(DISTINCT CAST(_sources AS TEXT), ',') AS _sources FROM (SELECT s.date AS "date", (SELECT l0.name FROM institutions l0 WHERE l0.institution_id = s.payer_id) AS "payer", coalesce(s.supplier, (SELECT l0.name FROM suppliers l0 WHERE l0.supplier_id = s.supplier_id)) AS "supplier", (SELECT l0.name FROM categories l0 WHERE l0.category_id = s.category_id) AS "category", s.amount_pence AS "amount", s.payment_id AS _id, s.source_id AS _sources FROM payments s WHERE (s.payer_id IN (SELECT id FROM institution_2)) AND (s.paid_from >= $4 AND s.paid_from <= $5 AND s.paid_to <= $6)) AS q_4 GROUP BY "payer") AS q_5 ORDER BY "payer" ASC NULLS FIRST, "total" ASC NULLS FIRST
-- parameters
-- $1 = E05011131
-- $2 = academy
-- $3 = school
-- $4 = 2023-04-01
-- $5 = 2024-03-31
-- $6 = 2024-03-31
