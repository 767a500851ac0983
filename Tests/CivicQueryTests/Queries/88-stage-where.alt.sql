WITH RECURSIVE institution_1(id) AS (SELECT $1)
SELECT "service", "total", _sources FROM (SELECT * FROM (SELECT "service", coalesce(sum("amount"), 0) AS "total", string_agg(DISTINCT CAST(_sources AS TEXT), ',') AS _sources FROM (SELECT s.date AS "date", (SELECT l0.name FROM institutions l0 WHERE l0.institution_id = s.payer_id) AS "payer", coalesce(s.supplier, (SELECT l0.name FROM suppliers l0 WHERE l0.supplier_id = s.supplier_id)) AS "supplier", (SELECT l0.name FROM categories l0 WHERE l0.category_id = s.category_id) AS "category", s.amount_pence AS "amount", s.service AS "service", s.payment_id AS _id, s.source_id AS _sources FROM payments s WHERE (s.payer_id IN (SELECT id FROM institution_1))) AS q_2 GROUP BY "service") AS q_3 WHERE "total" > $2) AS q_4 ORDER BY "total" DESC NULLS LAST, "service" ASC NULLS FIRST
-- parameters
-- $1 = 2662
-- $2 = 1000000000
