WITH RECURSIVE picked_1(id) AS (SELECT s.area_id FROM areas s WHERE (s.area_id = ?)),
  within_3(k, id) AS (SELECT s.area_id, s.area_id FROM areas s WHERE s.area_id IN (SELECT id FROM picked_1) UNION SELECT w.k, a.area_id FROM areas a JOIN within_3 w ON a.parent_id = w.id UNION SELECT w.k, l.area_id FROM area_links l JOIN within_3 w ON l.container_id = w.id),
  pass_2(k, v1, src) AS (SELECT w.k, sum(g.v1), group_concat(DISTINCT g.src) FROM (SELECT r.ward_id AS at, r.source_id AS src, count(*) AS v1 FROM roles r WHERE r.role = 'councillor' AND r.ward_id IN (SELECT id FROM within_3) GROUP BY +r.ward_id, +r.source_id) AS g JOIN within_3 w ON w.id = g.at GROUP BY w.k)
SELECT "name", "population", "councillors", _sources FROM (SELECT s.name AS "name", s.area_id AS "code", s.kind AS "kind", s.population AS "population", coalesce(pass_2.v1, 0) AS "councillors", s.area_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || s.population_source_id, '') || coalesce(',' || pass_2.src, '') AS _sources FROM areas s LEFT JOIN pass_2 ON pass_2.k = s.area_id WHERE s.area_id IN (SELECT id FROM picked_1)) AS q_4 ORDER BY "name", _id
-- parameters
-- ?1 = "E05011131"
-- columns: name text, population count, councillors count
-- resolved: ward "Bromford & Hodge Hill" → Bromford & Hodge Hill (E05011131)
