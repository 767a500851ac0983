WITH RECURSIVE institution_1(id) AS (SELECT $1)
SELECT "count", _sources FROM (SELECT count(*) AS "count", string_agg(DISTINCT CAST(_sources AS TEXT), ',') AS _sources FROM (SELECT * FROM (SELECT s.amount_pence AS "amount", coalesce(s.supplier, (SELECT l0.name FROM suppliers l0 WHERE l0.supplier_id = s.supplier_id)) AS "supplier", s.date AS "date", (SELECT l0.name FROM institutions l0 WHERE l0.institution_id = s.payer_id) AS "payer", (SELECT l0.name FROM categories l0 WHERE l0.category_id = s.category_id) AS "category", s.payment_id AS _id, s.source_id AS _sources FROM payments s WHERE (s.payer_id IN (SELECT id FROM institution_1))) AS q_2 WHERE (("amount" > $2 OR "amount" < $3) AND NOT (strpos(lower("supplier"), lower(CAST($4 AS TEXT) COLLATE "C")) > 0))) AS q_3) AS q_4 ORDER BY "count" ASC NULLS FIRST
-- parameters
-- $1 = 2662
-- $2 = 100000000
-- $3 = -10000000
-- $4 = spv
