WITH RECURSIVE institution_1(id) AS (SELECT $1)
SELECT "month", "total", _sources FROM (SELECT substr("date", 1, 7) AS "month", coalesce(sum("count"), 0) AS "total", string_agg(DISTINCT CAST(_sources AS TEXT), ',') AS _sources FROM (SELECT "date", count(*) AS "count", string_agg(DISTINCT CAST(_sources AS TEXT), ',') AS _sources FROM (SELECT s.date AS "date", (SELECT l0.name FROM institutions l0 WHERE l0.institution_id = s.payer_id) AS "payer", coalesce(s.supplier, (SELECT l0.name FROM suppliers l0 WHERE l0.supplier_id = s.supplier_id)) AS "supplier", (SELECT l0.name FROM categories l0 WHERE l0.category_id = s.category_id) AS "category", s.amount_pence AS "amount", s.payment_id AS _id, s.source_id AS _sources FROM payments s WHERE (s.payer_id IN (SELECT id FROM institution_1)) AND (s.paid_from >= $2 AND s.paid_from <= $3 AND s.paid_to <= $4)) AS q_2 GROUP BY "date") AS q_3 GROUP BY substr("date", 1, 7)) AS q_4 ORDER BY "month" ASC NULLS FIRST, "total" ASC NULLS FIRST
-- parameters
-- $1 = 2300
-- $2 = 2012-06-01
-- $3 = 2012-06-30
-- $4 = 2012-06-30
