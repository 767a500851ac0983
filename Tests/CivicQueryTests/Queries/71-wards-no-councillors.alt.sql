WITH RECURSIVE area_1(id) AS (SELECT x.id COLLATE "C" FROM (SELECT $1) AS x(id) UNION SELECT e.area_id FROM area_1 w CROSS JOIN LATERAL (SELECT a.area_id FROM areas a WHERE a.parent_id = w.id UNION ALL SELECT l.area_id FROM area_links l WHERE l.container_id = w.id) AS e),
  picked_2(id) AS (SELECT s.area_id FROM areas s WHERE (s.kind IN ($2)) AND (s.area_id IN (SELECT id FROM area_1) AND s.area_id <> $3)),
  within_4(k, id) AS (SELECT x.k, x.id COLLATE "C" FROM (SELECT s.area_id, s.area_id FROM areas s WHERE s.area_id IN (SELECT id FROM picked_2)) AS x(k, id) UNION SELECT w.k, e.area_id FROM within_4 w CROSS JOIN LATERAL (SELECT a.area_id FROM areas a WHERE a.parent_id = w.id UNION ALL SELECT l.area_id FROM area_links l WHERE l.container_id = w.id) AS e),
  pass_3(k, v1, src) AS (SELECT w.k, sum(g.v1), string_agg(DISTINCT CAST(g.src AS TEXT), ',') FROM (SELECT r.ward_id AS at, r.source_id AS src, count(*) AS v1 FROM roles r WHERE r.role = 'councillor' AND r.ward_id IN (SELECT id FROM within_4) GROUP BY r.ward_id, r.source_id) AS g JOIN within_4 w ON w.id = g.at GROUP BY w.k)
SELECT "name", "population", _sources FROM (SELECT * FROM (SELECT coalesce(pass_3.v1, 0) AS "councillors", s.name AS "name", s.area_id AS "code", (SELECT l0.name FROM areas l0 WHERE l0.area_id = s.parent_id AND l0.kind = 'council area') AS "council", s.population AS "population", s.area_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || s.population_source_id, '') || coalesce(',' || pass_3.src, '') AS _sources FROM areas s LEFT JOIN pass_3 ON pass_3.k = s.area_id WHERE s.area_id IN (SELECT id FROM picked_2)) AS q_5 WHERE "councillors" = $4) AS q_6 ORDER BY "name" ASC NULLS FIRST, _id
-- parameters
-- $1 = E08000025
-- $2 = ward
-- $3 = E08000025
-- $4 = 0
