WITH RECURSIVE area_1(id) AS (SELECT ? UNION SELECT a.area_id FROM areas a JOIN area_1 w ON a.parent_id = w.id UNION SELECT l.area_id FROM area_links l JOIN area_1 w ON l.container_id = w.id)
SELECT "total", _sources FROM (SELECT coalesce(sum("amount"), 0) AS "total", group_concat(DISTINCT _sources) AS _sources FROM (SELECT s.date AS "date", (SELECT l0.name FROM institutions l0 WHERE l0.institution_id = s.payer_id) AS "payer", coalesce(s.supplier, (SELECT l0.name FROM suppliers l0 WHERE l0.supplier_id = s.supplier_id)) AS "supplier", (SELECT l0.name FROM categories l0 WHERE l0.category_id = s.category_id) AS "category", s.amount_pence AS "amount", s.payment_id AS _id, s.source_id AS _sources FROM payments s WHERE (s.payer_id IN (SELECT institution_id FROM institutions WHERE area_id IN (SELECT id FROM area_1)))) AS q_2) AS q_3 ORDER BY "total"
-- parameters
-- ?1 = "E08000003"
-- columns: total money
-- resolved: council "Manchester" → Manchester (E08000003)
