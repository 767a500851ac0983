SELECT "date", "payer", "supplier", "category", "amount", _sources FROM (SELECT * FROM (SELECT * FROM (SELECT s.amount_pence AS "amount", s.date AS "date", (SELECT l0.name FROM institutions l0 WHERE l0.institution_id = s.payer_id) AS "payer", coalesce(s.supplier, (SELECT l0.name FROM suppliers l0 WHERE l0.supplier_id = s.supplier_id)) AS "supplier", (SELECT l0.name FROM categories l0 WHERE l0.category_id = s.category_id) AS "category", s.payment_id AS _id, s.source_id AS _sources FROM payments s WHERE (s.paid_from >= $1 AND s.paid_from <= $2 AND s.paid_to <= $3)) AS q_1 WHERE "amount" > $4) AS q_2 ORDER BY "amount" DESC NULLS LAST, _id LIMIT 20) AS q_3 ORDER BY "amount" DESC NULLS LAST, _id
-- parameters
-- $1 = 2019-01-01
-- $2 = 2019-12-31
-- $3 = 2019-12-31
-- $4 = 10000000
