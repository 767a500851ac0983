WITH RECURSIVE category_1(id) AS (SELECT ? UNION SELECT c.category_id FROM categories c JOIN category_1 k ON c.parent_id = k.id)
SELECT "payer", "total", _sources FROM (SELECT "payer", coalesce(sum("amount"), 0) AS "total", group_concat(DISTINCT _sources) AS _sources FROM (SELECT s.date AS "date", (SELECT l0.name FROM institutions l0 WHERE l0.institution_id = s.payer_id) AS "payer", coalesce(s.supplier, (SELECT l0.name FROM suppliers l0 WHERE l0.supplier_id = s.supplier_id)) AS "supplier", (SELECT l0.name FROM categories l0 WHERE l0.category_id = s.category_id) AS "category", s.amount_pence AS "amount", s.payment_id AS _id, s.source_id AS _sources FROM payments s WHERE (s.category_id IN (SELECT id FROM category_1))) AS q_2 GROUP BY "payer") AS q_3 ORDER BY "payer", "total"
-- parameters
-- ?1 = 505
-- columns: payer text, total money
-- resolved: spending on "libraries" → Library service (505)
