WITH RECURSIVE area_1(id) AS (SELECT ? UNION SELECT a.area_id FROM areas a JOIN area_1 w ON a.parent_id = w.id UNION SELECT l.area_id FROM area_links l JOIN area_1 w ON l.container_id = w.id)
SELECT "name", "population", "councillors", _sources FROM (SELECT s.name AS "name", s.area_id AS "code", (SELECT p.name FROM areas p WHERE p.area_id = s.parent_id AND p.kind = 'council area') AS "council", s.population AS "population", (SELECT count(*) FROM roles r WHERE r.role = 'councillor' AND r.ward_id IN (WITH RECURSIVE inside(id) AS (SELECT s.area_id UNION SELECT a.area_id FROM areas a JOIN inside w ON a.parent_id = w.id UNION SELECT l.area_id FROM area_links l JOIN inside w ON l.container_id = w.id) SELECT id FROM inside)) AS "councillors", s.area_id AS _id, s.source_id || coalesce(',' || s.population_source_id, '') || coalesce(',' || (SELECT group_concat(DISTINCT r.source_id) FROM roles r WHERE r.role = 'councillor' AND r.ward_id IN (WITH RECURSIVE inside(id) AS (SELECT s.area_id UNION SELECT a.area_id FROM areas a JOIN inside w ON a.parent_id = w.id UNION SELECT l.area_id FROM area_links l JOIN inside w ON l.container_id = w.id) SELECT id FROM inside)), '') AS _sources FROM areas s WHERE (s.kind IN (?)) AND (s.area_id IN (SELECT id FROM area_1) AND s.area_id <> ?)) ORDER BY "population" DESC, _id
-- parameters
-- ?1 = "E08000025"
-- ?2 = "ward"
-- ?3 = "E08000025"
-- columns: name text, population count, councillors count
-- resolved: council "Birmingham" → Birmingham (E08000025)
