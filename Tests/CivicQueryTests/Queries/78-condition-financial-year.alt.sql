SELECT "count", _sources FROM (SELECT count(*) AS "count", string_agg(DISTINCT CAST(_sources AS TEXT), ',') AS _sources FROM (SELECT * FROM (SELECT s.date AS "date", (SELECT l0.name FROM institutions l0 WHERE l0.institution_id = s.payer_id) AS "payer", coalesce(s.supplier, (SELECT l0.name FROM suppliers l0 WHERE l0.supplier_id = s.supplier_id)) AS "supplier", (SELECT l0.name FROM categories l0 WHERE l0.category_id = s.category_id) AS "category", s.amount_pence AS "amount", s.payment_id AS _id, s.source_id AS _sources FROM payments s) AS q_1 WHERE ("date" BETWEEN $1 AND $2 AND ("payer" IS NULL OR lower("payer") <> lower(CAST($3 AS TEXT) COLLATE "C")))) AS q_2) AS q_3 ORDER BY "count" ASC NULLS FIRST
-- parameters
-- $1 = 2021-04-01
-- $2 = 2022-03-31
-- $3 = Bradford
