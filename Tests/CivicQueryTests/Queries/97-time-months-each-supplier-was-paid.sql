WITH RECURSIVE institution_1(id) AS (SELECT ?)
SELECT "supplier", "count", _sources FROM (SELECT * FROM (SELECT "supplier", count(*) AS "count", group_concat(DISTINCT _sources) AS _sources FROM (SELECT "supplier__group" AS "supplier", substr("date", 1, 7) AS "month", coalesce(sum("amount"), 0) AS "total", group_concat(DISTINCT _sources) AS _sources FROM (SELECT s.date AS "date", (SELECT l0.name FROM institutions l0 WHERE l0.institution_id = s.payer_id) AS "payer", s.supplier AS "supplier", (SELECT l0.name FROM suppliers l0 WHERE l0.supplier_id = s.supplier_id) AS "supplier__group", (SELECT l0.name FROM categories l0 WHERE l0.category_id = s.category_id) AS "category", s.amount_pence AS "amount", s.payment_id AS _id, s.source_id AS _sources FROM payments s WHERE (s.payer_id IN (SELECT id FROM institution_1))) AS q_2 GROUP BY "supplier__group", substr("date", 1, 7)) AS q_3 GROUP BY "supplier") AS q_4 ORDER BY "count" DESC, "supplier" LIMIT 5) AS q_5 ORDER BY "count" DESC, "supplier"
-- parameters
-- ?1 = 2662
-- columns: supplier text, count count
-- resolved: council "Bradford" → Bradford (ons:E08000032)
