WITH RECURSIVE area_1(id) AS (SELECT ? UNION SELECT a.area_id FROM areas a JOIN area_1 w ON a.parent_id = w.id UNION SELECT l.area_id FROM area_links l JOIN area_1 w ON l.container_id = w.id)
SELECT "name", "roles", "party", _synthetic FROM (SELECT s.name AS "name", (SELECT count(*) FROM roles r WHERE r.person_id = s.person_id) AS "roles", (SELECT group_concat(x, '; ') FROM (SELECT r.role || ' at ' || i.name AS x FROM roles r JOIN institutions i ON i.institution_id = r.institution_id WHERE r.person_id = s.person_id ORDER BY i.name, r.role)) AS "offices", (SELECT r.party FROM roles r WHERE r.person_id = s.person_id AND r.party IS NOT NULL ORDER BY r.start_date DESC LIMIT 1) AS "party", s.person_id AS _id, (SELECT synthetic FROM sources WHERE source_id = s.source_id) AS _synthetic FROM people s WHERE (EXISTS (SELECT 1 FROM roles r JOIN institutions i ON i.institution_id = r.institution_id WHERE r.person_id = s.person_id AND coalesce(r.ward_id, i.area_id) IN (SELECT id FROM area_1)))) ORDER BY "name", _id
-- parameters
-- ?1 = "E05011127"
-- columns: name text, roles count, party text
-- resolved: ward "Bordesley Green" → Bordesley Green (E05011127)
