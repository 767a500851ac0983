SELECT "name", "roles", "offices", _sources FROM (SELECT s.name AS "name", (SELECT count(*) FROM roles r WHERE r.person_id = s.person_id) AS "roles", (SELECT group_concat(x, '; ') FROM (SELECT r.role || ' at ' || i.name AS x FROM roles r JOIN institutions i ON i.institution_id = r.institution_id WHERE r.person_id = s.person_id ORDER BY i.name, r.role)) AS "offices", s.person_id AS _id, s.source_id || coalesce(',' || (SELECT group_concat(DISTINCT r.source_id) FROM roles r WHERE r.person_id = s.person_id), '') AS _sources FROM people s WHERE (instr(s.name_norm, ?) > 0)) ORDER BY "name", _id
-- parameters
-- ?1 = "mahmood"
-- columns: name text, roles count, offices text
