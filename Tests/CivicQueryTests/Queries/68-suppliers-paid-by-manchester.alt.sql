WITH RECURSIVE institution_1(id) AS (SELECT $1),
  pass_2(k, v1, v2, src) AS (SELECT p.supplier_id, sum(p.amount_pence), count(*), string_agg(DISTINCT CAST(p.source_id AS TEXT), ',') FROM payments p WHERE p.payer_id IN (SELECT id FROM institution_1) GROUP BY p.supplier_id)
SELECT "name", "payments", "paid", _sources FROM (SELECT * FROM (SELECT s.name AS "name", coalesce(pass_2.v1, 0) AS "paid", coalesce(pass_2.v2, 0) AS "payments", s.supplier_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || pass_2.src, '') AS _sources FROM suppliers s JOIN pass_2 ON pass_2.k = s.supplier_id WHERE (s.redacted = 0)) AS q_3 ORDER BY "paid" DESC NULLS LAST, _id LIMIT 5) AS q_4 ORDER BY "paid" DESC NULLS LAST, _id
-- parameters
-- $1 = 2347
