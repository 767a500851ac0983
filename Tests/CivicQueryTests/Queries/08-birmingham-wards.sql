WITH RECURSIVE area_1(id) AS (SELECT ? UNION SELECT a.area_id FROM areas a JOIN area_1 w ON a.parent_id = w.id UNION SELECT l.area_id FROM area_links l JOIN area_1 w ON l.container_id = w.id)
SELECT "name", "population", "councillors", _synthetic FROM (SELECT s.name AS "name", s.area_id AS "code", (SELECT p.name FROM areas p WHERE p.area_id = s.parent_id AND p.kind = 'council area') AS "council", s.population AS "population", (SELECT count(*) FROM roles r WHERE r.role = 'councillor' AND r.ward_id IN (SELECT s.area_id UNION SELECT a1.area_id FROM areas a1 WHERE a1.parent_id = s.area_id UNION SELECT l1.area_id FROM area_links l1 WHERE l1.container_id = s.area_id UNION SELECT a2.area_id FROM areas a2 JOIN areas a1 ON a2.parent_id = a1.area_id WHERE a1.parent_id = s.area_id UNION SELECT a3.area_id FROM areas a3 JOIN area_links l3 ON a3.parent_id = l3.area_id WHERE l3.container_id = s.area_id)) AS "councillors", s.area_id AS _id, (SELECT synthetic FROM sources WHERE source_id = s.source_id) AS _synthetic FROM areas s WHERE (s.kind IN (?)) AND (s.area_id IN (SELECT id FROM area_1) AND s.area_id <> ?)) ORDER BY "population" DESC, _id
-- parameters
-- ?1 = "E08000025"
-- ?2 = "ward"
-- ?3 = "E08000025"
-- columns: name text, population count, councillors count
-- resolved: council "Birmingham" → Birmingham (E08000025)
