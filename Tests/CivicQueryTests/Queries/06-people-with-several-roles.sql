WITH RECURSIVE pass_1(k, v1, src) AS (SELECT r.person_id, count(*), group_concat(DISTINCT r.source_id) FROM roles r GROUP BY +r.person_id)
SELECT "name", "roles", "offices", _sources FROM (SELECT * FROM (SELECT coalesce(pass_1.v1, 0) AS "roles", s.name AS "name", (SELECT group_concat(o.item, '; ') FROM (SELECT r.role || ' at ' || i.name AS item FROM roles r JOIN institutions i ON i.institution_id = r.institution_id WHERE r.person_id = s.person_id ORDER BY i.name, r.role) AS o) AS "offices", s.person_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || pass_1.src, '') AS _sources FROM people s JOIN pass_1 ON pass_1.k = s.person_id) AS q_2 WHERE "roles" >= ?) AS q_3 ORDER BY "roles" DESC, _id
-- parameters
-- ?1 = 2
-- columns: name text, roles count, offices text
