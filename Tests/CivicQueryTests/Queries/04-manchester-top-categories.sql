WITH RECURSIVE institution_1(id) AS (SELECT ?)
SELECT "category", "total", _sources FROM (SELECT * FROM (SELECT "category", coalesce(sum("amount"), 0) AS "total", group_concat(DISTINCT _sources) AS _sources FROM (SELECT s.date AS "date", (SELECT l0.name FROM institutions l0 WHERE l0.institution_id = s.payer_id) AS "payer", coalesce(s.supplier, (SELECT l0.name FROM suppliers l0 WHERE l0.supplier_id = s.supplier_id)) AS "supplier", (SELECT l0.name FROM categories l0 WHERE l0.category_id = s.category_id) AS "category", s.amount_pence AS "amount", s.payment_id AS _id, s.source_id AS _sources FROM payments s WHERE (s.payer_id IN (SELECT id FROM institution_1)) AND (s.paid_from >= ? AND s.paid_from <= ? AND s.paid_to <= ?)) AS q_2 GROUP BY "category") AS q_3 ORDER BY "total" DESC, "category" LIMIT 10) AS q_4 ORDER BY "total" DESC, "category"
-- parameters
-- ?1 = 2347
-- ?2 = "2021-04-01"
-- ?3 = "2022-03-31"
-- ?4 = "2022-03-31"
-- columns: category text, total money
-- resolved: council "Manchester" → Manchester (ons:E08000003)
