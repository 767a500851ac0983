WITH RECURSIVE area_1(id) AS (SELECT x.id COLLATE "C" FROM (SELECT $1) AS x(id) UNION SELECT e.area_id FROM area_1 w CROSS JOIN LATERAL (SELECT a.area_id FROM areas a WHERE a.parent_id = w.id UNION ALL SELECT l.area_id FROM area_links l WHERE l.container_id = w.id) AS e),
  pass_2(k, v1, v2, src) AS (SELECT p.supplier_id, count(*), sum(p.amount_pence), string_agg(DISTINCT CAST(p.source_id AS TEXT), ',') FROM payments p WHERE p.paid_from >= $2 AND p.paid_from <= $3 AND p.paid_to <= $4 AND p.payer_id IN (SELECT institution_id FROM institutions WHERE area_id IN (SELECT id FROM area_1)) GROUP BY p.supplier_id)
SELECT "name", "payments", "paid", _sources FROM (SELECT * FROM (SELECT s.name AS "name", coalesce(pass_2.v1, 0) AS "payments", coalesce(pass_2.v2, 0) AS "paid", s.supplier_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || pass_2.src, '') AS _sources FROM suppliers s JOIN pass_2 ON pass_2.k = s.supplier_id WHERE (s.redacted = 0)) AS q_3 ORDER BY "payments" DESC NULLS LAST, _id LIMIT 3) AS q_4 ORDER BY "payments" DESC NULLS LAST, _id
-- parameters
-- $1 = E08000032
-- $2 = 2019-12-01
-- $3 = 2019-12-31
-- $4 = 2019-12-31
