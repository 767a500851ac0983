WITH RECURSIVE institution_1(id) AS (SELECT ?)
SELECT "count", _sources FROM (SELECT count(*) AS "count", group_concat(DISTINCT _sources) AS _sources FROM (SELECT s.name AS "name", (SELECT count(*) FROM roles r WHERE r.person_id = s.person_id) AS "roles", (SELECT group_concat(x, '; ') FROM (SELECT r.role || ' at ' || i.name AS x FROM roles r JOIN institutions i ON i.institution_id = r.institution_id WHERE r.person_id = s.person_id ORDER BY i.name, r.role)) AS "offices", s.person_id AS _id, s.source_id || coalesce(',' || (SELECT group_concat(DISTINCT r.source_id) FROM roles r WHERE r.person_id = s.person_id), '') AS _sources FROM people s WHERE (EXISTS (SELECT 1 FROM roles r WHERE r.person_id = s.person_id AND r.institution_id IN (SELECT id FROM institution_1))))) ORDER BY "count"
-- parameters
-- ?1 = 2674
-- columns: count count
-- resolved: council "Birmingham" → Birmingham (ons:E08000025)
