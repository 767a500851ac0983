WITH RECURSIVE pass_1(k, v1, src) AS (SELECT r.person_id, count(*), string_agg(DISTINCT CAST(r.source_id AS TEXT), ',') FROM roles r GROUP BY r.person_id)
SELECT "name", "roles", "offices", _sources FROM (SELECT * FROM (SELECT coalesce(pass_1.v1, 0) AS "roles", s.name AS "name", (SELECT string_agg(r.role || ' at ' || i.name, '; ' ORDER BY i.name, r.role) FROM roles r JOIN institutions i ON i.institution_id = r.institution_id WHERE r.person_id = s.person_id) AS "offices", s.person_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || pass_1.src, '') AS _sources FROM people s JOIN pass_1 ON pass_1.k = s.person_id) AS q_2 WHERE "roles" >= $1) AS q_3 ORDER BY "roles" DESC NULLS LAST, _id
-- parameters
-- $1 = 2
