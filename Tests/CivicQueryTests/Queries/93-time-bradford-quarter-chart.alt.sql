WITH RECURSIVE institution_1(id) AS (SELECT $1)
SELECT "quarter", "average", _sources FROM (SELECT substr("date", 1, 4) || ' Q' || CAST((CAST(substr("date", 6, 2) AS INTEGER) + 2) / 3 AS TEXT) AS "quarter", CAST(round(avg("amount")) AS BIGINT) AS "average", string_agg(DISTINCT CAST(_sources AS TEXT), ',') AS _sources FROM (SELECT s.date AS "date", (SELECT l0.name FROM institutions l0 WHERE l0.institution_id = s.payer_id) AS "payer", coalesce(s.supplier, (SELECT l0.name FROM suppliers l0 WHERE l0.supplier_id = s.supplier_id)) AS "supplier", (SELECT l0.name FROM categories l0 WHERE l0.category_id = s.category_id) AS "category", s.amount_pence AS "amount", s.payment_id AS _id, s.source_id AS _sources FROM payments s WHERE (s.payer_id IN (SELECT id FROM institution_1)) AND (s.paid_from >= $2 AND s.paid_from <= $3 AND s.paid_to <= $4)) AS q_2 GROUP BY substr("date", 1, 4) || ' Q' || CAST((CAST(substr("date", 6, 2) AS INTEGER) + 2) / 3 AS TEXT)) AS q_3 ORDER BY "quarter" ASC NULLS FIRST, "average" ASC NULLS FIRST
-- parameters
-- $1 = 2662
-- $2 = 2019-01-01
-- $3 = 2019-12-31
-- $4 = 2019-12-31
