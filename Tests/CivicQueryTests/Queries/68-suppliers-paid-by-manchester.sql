WITH RECURSIVE institution_1(id) AS (SELECT ?)
SELECT "name", "payments", "paid", _sources FROM (SELECT * FROM (SELECT s.name AS "name", (SELECT count(*) FROM payments p WHERE p.supplier_id = s.supplier_id AND p.payer_id IN (SELECT id FROM institution_1)) AS "payments", (SELECT coalesce(sum(p.amount_pence), 0) FROM payments p WHERE p.supplier_id = s.supplier_id AND p.payer_id IN (SELECT id FROM institution_1)) AS "paid", s.supplier_id AS _id, s.source_id || coalesce(',' || (SELECT group_concat(DISTINCT p.source_id) FROM payments p WHERE p.supplier_id = s.supplier_id AND p.payer_id IN (SELECT id FROM institution_1)), '') AS _sources FROM suppliers s WHERE (s.redacted = 0 AND s.supplier_id IN (SELECT p.supplier_id FROM payments p WHERE 1 AND p.payer_id IN (SELECT id FROM institution_1)))) ORDER BY "paid" DESC, _id LIMIT 5) ORDER BY "paid" DESC, _id
-- parameters
-- ?1 = 2347
-- columns: name text, payments count, paid money
-- resolved: council "Manchester" → Manchester (ons:E08000003)
