WITH RECURSIVE area_1(id) AS (SELECT $1 UNION SELECT e.area_id FROM (SELECT area_id, parent_id AS container FROM areas UNION ALL SELECT area_id, container_id FROM area_links) AS e JOIN area_1 w ON e.container = w.id),
  picked_2(id) AS (SELECT s.area_id FROM areas s WHERE (s.kind IN ($2)) AND (s.area_id IN (SELECT id FROM area_1) AND s.area_id <> $3)),
  within_4(k, id) AS (SELECT s.area_id, s.area_id FROM areas s WHERE s.area_id IN (SELECT id FROM picked_2) UNION SELECT w.k, e.area_id FROM (SELECT area_id, parent_id AS container FROM areas UNION ALL SELECT area_id, container_id FROM area_links) AS e JOIN within_4 w ON e.container = w.id),
  pass_3(k, v1, v2, src) AS (SELECT w.k, sum(p.amount_pence), count(DISTINCT p.supplier_id), string_agg(DISTINCT CAST(p.source_id AS TEXT), ',') FROM payments p JOIN institutions i ON i.institution_id = p.payer_id JOIN within_4 w ON w.id = i.area_id WHERE p.payer_id IN (SELECT i.institution_id FROM institutions i WHERE i.area_id IN (SELECT id FROM within_4)) GROUP BY w.k)
SELECT "name", "spent", "suppliers", _sources FROM (SELECT * FROM (SELECT s.name AS "name", s.area_id AS "code", (SELECT l0.name FROM areas l0 WHERE l0.area_id = s.parent_id AND l0.kind = 'council area') AS "council", s.population AS "population", coalesce(pass_3.v1, 0) AS "spent", coalesce(pass_3.v2, 0) AS "suppliers", s.area_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || s.population_source_id, '') || coalesce(',' || pass_3.src, '') AS _sources FROM areas s LEFT JOIN pass_3 ON pass_3.k = s.area_id WHERE s.area_id IN (SELECT id FROM picked_2)) AS q_5 ORDER BY "suppliers" DESC NULLS LAST, _id LIMIT 5) AS q_6 ORDER BY "suppliers" DESC NULLS LAST, _id
-- parameters
-- $1 = E08000025
-- $2 = ward
-- $3 = E08000025
