WITH RECURSIVE area_1(id) AS (SELECT ? UNION SELECT a.area_id FROM areas a JOIN area_1 w ON a.parent_id = w.id UNION SELECT l.area_id FROM area_links l JOIN area_1 w ON l.container_id = w.id)
SELECT "name", "kind", "area", _sources FROM (SELECT * FROM (SELECT s.name AS "name", s.kind AS "kind", (SELECT l0.name FROM areas l0 WHERE l0.area_id = s.area_id) AS "area", s.institution_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || s.area_source_id, '') AS _sources FROM institutions s WHERE (s.kind IN (?)) AND (s.area_id IN (SELECT id FROM area_1))) AS q_2 ORDER BY "name", _id LIMIT 5) AS q_3 ORDER BY "name", _id
-- parameters
-- ?1 = "E08000025"
-- ?2 = "youth centre"
-- columns: name text, kind text, area text
-- resolved: council "Birmingham" → Birmingham (E08000025)
