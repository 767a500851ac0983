WITH RECURSIVE institution_1(id) AS (SELECT ?)
SELECT "count", _synthetic FROM (SELECT count(*) AS "count", max(_synthetic) AS _synthetic FROM (SELECT s.name AS "name", (SELECT count(*) FROM roles r WHERE r.person_id = s.person_id) AS "roles", (SELECT group_concat(x, '; ') FROM (SELECT r.role || ' at ' || i.name AS x FROM roles r JOIN institutions i ON i.institution_id = r.institution_id WHERE r.person_id = s.person_id ORDER BY i.name, r.role)) AS "offices", s.person_id AS _id, (SELECT synthetic FROM sources WHERE source_id = s.source_id) AS _synthetic FROM people s WHERE (EXISTS (SELECT 1 FROM roles r WHERE r.person_id = s.person_id AND r.institution_id IN (SELECT id FROM institution_1))))) ORDER BY "count"
-- parameters
-- ?1 = 2674
-- columns: count count
-- resolved: council "Birmingham" → Birmingham (ons:E08000025)
