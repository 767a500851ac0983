WITH RECURSIVE institution_1(id) AS (SELECT ?)
SELECT "service", "average", _sources FROM (SELECT * FROM (SELECT "service", CAST(round(avg("amount")) AS INTEGER) AS "average", group_concat(DISTINCT _sources) AS _sources FROM (SELECT s.date AS "date", (SELECT l0.name FROM institutions l0 WHERE l0.institution_id = s.payer_id) AS "payer", coalesce(s.supplier, (SELECT l0.name FROM suppliers l0 WHERE l0.supplier_id = s.supplier_id)) AS "supplier", (SELECT l0.name FROM categories l0 WHERE l0.category_id = s.category_id) AS "category", s.amount_pence AS "amount", s.service AS "service", s.payment_id AS _id, s.source_id AS _sources FROM payments s WHERE (s.payer_id IN (SELECT id FROM institution_1))) AS q_2 GROUP BY "service") AS q_3 ORDER BY "average" DESC, "service" LIMIT 5) AS q_4 ORDER BY "average" DESC, "service"
-- parameters
-- ?1 = 2662
-- columns: service text, average money
-- resolved: council "Bradford" → Bradford (ons:E08000032)
