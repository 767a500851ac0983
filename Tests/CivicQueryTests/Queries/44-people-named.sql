WITH RECURSIVE picked_1(id) AS (SELECT s.person_id FROM people s WHERE (instr(s.name_norm, ?) > 0)),
  pass_2(k, v1, src) AS (SELECT r.person_id, count(*), group_concat(DISTINCT r.source_id) FROM roles r WHERE r.person_id IN (SELECT s.person_id FROM people s WHERE s.person_id IN (SELECT id FROM picked_1)) GROUP BY +r.person_id)
SELECT "name", "roles", "offices", _sources FROM (SELECT s.name AS "name", coalesce(pass_2.v1, 0) AS "roles", (SELECT group_concat(o.item, '; ') FROM (SELECT r.role || ' at ' || i.name AS item FROM roles r JOIN institutions i ON i.institution_id = r.institution_id WHERE r.person_id = s.person_id ORDER BY i.name, r.role) AS o) AS "offices", s.person_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || pass_2.src, '') AS _sources FROM people s LEFT JOIN pass_2 ON pass_2.k = s.person_id WHERE s.person_id IN (SELECT id FROM picked_1)) AS q_3 ORDER BY "name", _id
-- parameters
-- ?1 = "mahmood"
-- columns: name text, roles count, offices text
