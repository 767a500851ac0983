WITH RECURSIVE institution_1(id) AS (SELECT ?)
SELECT "count", _sources FROM (SELECT count(*) AS "count", group_concat(DISTINCT _sources) AS _sources FROM (SELECT * FROM (SELECT s.amount_pence AS "amount", s.date AS "date", (SELECT l0.name FROM institutions l0 WHERE l0.institution_id = s.payer_id) AS "payer", coalesce(s.supplier, (SELECT l0.name FROM suppliers l0 WHERE l0.supplier_id = s.supplier_id)) AS "supplier", (SELECT l0.name FROM categories l0 WHERE l0.category_id = s.category_id) AS "category", s.payment_id AS _id, s.source_id AS _sources FROM payments s WHERE (s.payer_id IN (SELECT id FROM institution_1))) AS q_2 WHERE "amount" < ?) AS q_3) AS q_4 ORDER BY "count"
-- parameters
-- ?1 = 2662
-- ?2 = 0
-- columns: count count
-- resolved: council "Bradford" → Bradford (ons:E08000032)
