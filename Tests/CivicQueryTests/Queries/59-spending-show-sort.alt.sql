WITH RECURSIVE institution_1(id) AS (SELECT $1)
SELECT "date", "supplier", "expense", "amount", _sources FROM (SELECT * FROM (SELECT s.date AS "date", (SELECT l0.name FROM institutions l0 WHERE l0.institution_id = s.payer_id) AS "payer", coalesce(s.supplier, (SELECT l0.name FROM suppliers l0 WHERE l0.supplier_id = s.supplier_id)) AS "supplier", (SELECT l0.name FROM categories l0 WHERE l0.category_id = s.category_id) AS "category", s.amount_pence AS "amount", s.expense AS "expense", s.payment_id AS _id, s.source_id AS _sources FROM payments s WHERE (s.payer_id IN (SELECT id FROM institution_1))) AS q_2 ORDER BY "amount" DESC NULLS LAST, _id LIMIT 3) AS q_3 ORDER BY "amount" DESC NULLS LAST, _id
-- parameters
-- $1 = 1
