SELECT "payer", "count", _sources FROM (SELECT "payer", count(*) AS "count", string_agg(DISTINCT CAST(_sources AS TEXT), ',') AS _sources FROM (SELECT s.date AS "date", (SELECT l0.name FROM institutions l0 WHERE l0.institution_id = s.payer_id) AS "payer", coalesce(s.supplier, (SELECT l0.name FROM suppliers l0 WHERE l0.supplier_id = s.supplier_id)) AS "supplier", (SELECT l0.name FROM categories l0 WHERE l0.category_id = s.category_id) AS "category", s.amount_pence AS "amount", s.payment_id AS _id, s.source_id AS _sources FROM payments s WHERE (s.paid_from >= $1 AND s.paid_from <= $2 AND s.paid_to <= $3)) AS q_1 GROUP BY "payer") AS q_2 ORDER BY "payer" ASC NULLS FIRST, "count" ASC NULLS FIRST
-- parameters
-- $1 = 2019-01-01
-- $2 = 2019-12-31
-- $3 = 2019-12-31
