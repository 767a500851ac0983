WITH RECURSIVE institution_1(id) AS (SELECT ?)
SELECT "name", "payments", "paid", _sources FROM (SELECT * FROM (SELECT (SELECT coalesce(sum(p.amount_pence), 0) FROM payments p WHERE p.supplier_id = s.supplier_id AND p.payer_id IN (SELECT id FROM institution_1)) AS "paid", s.name AS "name", (SELECT count(*) FROM payments p WHERE p.supplier_id = s.supplier_id AND p.payer_id IN (SELECT id FROM institution_1)) AS "payments", s.supplier_id AS _id, s.source_id || coalesce(',' || (SELECT group_concat(DISTINCT p.source_id) FROM payments p WHERE p.supplier_id = s.supplier_id AND p.payer_id IN (SELECT id FROM institution_1)), '') AS _sources FROM suppliers s WHERE (s.redacted = 0 AND s.supplier_id IN (SELECT p.supplier_id FROM payments p WHERE 1 AND p.payer_id IN (SELECT id FROM institution_1)))) WHERE "paid" > ?) ORDER BY "paid" DESC, _id
-- parameters
-- ?1 = 2300
-- ?2 = 100000000
-- columns: name text, payments count, paid money
-- resolved: council "Lambeth" → Lambeth (ons:E09000022)
