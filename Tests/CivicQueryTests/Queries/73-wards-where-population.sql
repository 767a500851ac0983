WITH RECURSIVE area_1(id) AS (SELECT ? UNION SELECT a.area_id FROM areas a JOIN area_1 w ON a.parent_id = w.id UNION SELECT l.area_id FROM area_links l JOIN area_1 w ON l.container_id = w.id)
SELECT "name", "code", "council", "population", _sources FROM (SELECT * FROM (SELECT coalesce(s.population, (SELECT CASE WHEN count(*) > 0 AND count(l0.population) = count(*) THEN CAST(sum(l0.population) AS INTEGER) END FROM areas l0 WHERE l0.parent_id = s.area_id AND l0.kind = 'ward')) AS "population", s.name AS "name", s.area_id AS "code", (SELECT l0.name FROM areas l0 WHERE l0.area_id = s.parent_id AND l0.kind = 'council area') AS "council", s.area_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || coalesce(s.population_source_id, (SELECT l0.population_source_id FROM areas l0 WHERE l0.parent_id = s.area_id AND l0.population_source_id IS NOT NULL ORDER BY l0.area_id DESC LIMIT 1)), '') AS _sources FROM areas s WHERE (s.kind IN (?)) AND (s.area_id IN (SELECT id FROM area_1) AND s.area_id <> ?)) AS q_2 WHERE "population" > ?) AS q_3 ORDER BY "population" DESC, _id
-- parameters
-- ?1 = "E08000025"
-- ?2 = "ward"
-- ?3 = "E08000025"
-- ?4 = 25000
-- columns: name text, code text, council text, population count
-- resolved: council "Birmingham" → Birmingham (E08000025)
