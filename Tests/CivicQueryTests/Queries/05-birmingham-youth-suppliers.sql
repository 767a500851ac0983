WITH RECURSIVE institution_1(id) AS (SELECT ?),
  category_2(id) AS (SELECT ? UNION SELECT c.category_id FROM categories c JOIN category_2 k ON c.parent_id = k.id),
  pass_3(k, v1, v2, src) AS (SELECT p.supplier_id, sum(p.amount_pence), count(*), group_concat(DISTINCT p.source_id) FROM payments p WHERE p.category_id IN (SELECT id FROM category_2) AND p.payer_id IN (SELECT id FROM institution_1) GROUP BY +p.supplier_id)
SELECT "name", "payments", "paid", _sources FROM (SELECT * FROM (SELECT s.name AS "name", coalesce(pass_3.v1, 0) AS "paid", coalesce(pass_3.v2, 0) AS "payments", s.supplier_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || pass_3.src, '') AS _sources FROM suppliers s JOIN pass_3 ON pass_3.k = s.supplier_id WHERE (s.redacted = 0)) AS q_4 ORDER BY "paid" DESC, _id LIMIT 10) AS q_5 ORDER BY "paid" DESC, _id
-- parameters
-- ?1 = 2674
-- ?2 = 327
-- columns: name text, payments count, paid money
-- resolved: council "Birmingham" → Birmingham (ons:E08000025)
-- resolved: spending on "youth services" → Children's social care: Services for young people (327)
