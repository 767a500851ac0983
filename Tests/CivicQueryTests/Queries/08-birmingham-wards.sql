WITH RECURSIVE area_1(id) AS (SELECT ? UNION SELECT a.area_id FROM areas a JOIN area_1 w ON a.parent_id = w.id UNION SELECT l.area_id FROM area_links l JOIN area_1 w ON l.container_id = w.id),
  picked_2(id) AS (SELECT s.area_id FROM areas s WHERE (s.kind IN (?)) AND (s.area_id IN (SELECT id FROM area_1) AND s.area_id <> ?)),
  within_4(k, id) AS (SELECT s.area_id, s.area_id FROM areas s WHERE s.area_id IN (SELECT id FROM picked_2) UNION SELECT w.k, a.area_id FROM areas a JOIN within_4 w ON a.parent_id = w.id UNION SELECT w.k, l.area_id FROM area_links l JOIN within_4 w ON l.container_id = w.id),
  pass_3(k, v1, src) AS (SELECT w.k, sum(g.v1), group_concat(DISTINCT g.src) FROM (SELECT r.ward_id AS at, r.source_id AS src, count(*) AS v1 FROM roles r WHERE r.role = 'councillor' AND r.ward_id IN (SELECT id FROM within_4) GROUP BY +r.ward_id, +r.source_id) AS g JOIN within_4 w ON w.id = g.at GROUP BY w.k)
SELECT "name", "population", "councillors", _sources FROM (SELECT s.name AS "name", s.area_id AS "code", (SELECT l0.name FROM areas l0 WHERE l0.area_id = s.parent_id AND l0.kind = 'council area') AS "council", coalesce(s.population, (SELECT CASE WHEN count(*) > 0 AND count(l0.population) = count(*) THEN CAST(sum(l0.population) AS INTEGER) END FROM areas l0 WHERE l0.parent_id = s.area_id AND l0.kind = 'ward')) AS "population", coalesce(pass_3.v1, 0) AS "councillors", s.area_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || coalesce(s.population_source_id, (SELECT l0.population_source_id FROM areas l0 WHERE l0.parent_id = s.area_id AND l0.population_source_id IS NOT NULL ORDER BY l0.area_id DESC LIMIT 1)), '') || coalesce(',' || pass_3.src, '') AS _sources FROM areas s LEFT JOIN pass_3 ON pass_3.k = s.area_id WHERE s.area_id IN (SELECT id FROM picked_2)) AS q_5 ORDER BY "population" DESC, _id
-- parameters
-- ?1 = "E08000025"
-- ?2 = "ward"
-- ?3 = "E08000025"
-- columns: name text, population count, councillors count
-- resolved: council "Birmingham" → Birmingham (E08000025)
