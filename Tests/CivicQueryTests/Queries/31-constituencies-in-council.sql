WITH RECURSIVE area_1(id) AS (SELECT ? UNION SELECT a.area_id FROM areas a JOIN area_1 w ON a.parent_id = w.id UNION SELECT l.area_id FROM area_links l JOIN area_1 w ON l.container_id = w.id)
SELECT "name", "code", "population", _sources FROM (SELECT s.name AS "name", s.area_id AS "code", coalesce(s.population, (SELECT CASE WHEN count(*) > 0 AND count(l0.population) = count(*) THEN CAST(sum(l0.population) AS INTEGER) END FROM areas l0 WHERE l0.parent_id = s.area_id AND l0.kind = 'ward')) AS "population", s.area_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || coalesce(s.population_source_id, (SELECT l0.population_source_id FROM areas l0 WHERE l0.parent_id = s.area_id AND l0.population_source_id IS NOT NULL ORDER BY l0.area_id DESC LIMIT 1)), '') AS _sources FROM areas s WHERE (s.kind IN (?)) AND (s.area_id IN (SELECT id FROM area_1) AND s.area_id <> ?)) AS q_2 ORDER BY "name", _id
-- parameters
-- ?1 = "E08000025"
-- ?2 = "constituency"
-- ?3 = "E08000025"
-- columns: name text, code text, population count
-- resolved: council "Birmingham" → Birmingham (E08000025)
