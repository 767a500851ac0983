SELECT "payer", "count", _sources FROM (SELECT "payer", count(*) AS "count", string_agg(DISTINCT CAST(_sources AS TEXT), ',') AS _sources FROM (SELECT * FROM (SELECT (SELECT l0.name FROM institutions l0 WHERE l0.institution_id = s.payer_id) AS "payer", s.date AS "date", coalesce(s.supplier, (SELECT l0.name FROM suppliers l0 WHERE l0.supplier_id = s.supplier_id)) AS "supplier", (SELECT l0.name FROM categories l0 WHERE l0.category_id = s.category_id) AS "category", s.amount_pence AS "amount", s.payment_id AS _id, s.source_id AS _sources FROM payments s) AS q_1 WHERE (lower("payer") = lower($1) OR lower("payer") = lower($2))) AS q_2 GROUP BY "payer") AS q_3 ORDER BY "payer" ASC NULLS FIRST, "count" ASC NULLS FIRST
-- parameters
-- $1 = Bradford
-- $2 = Lambeth
