WITH RECURSIVE institution_1(id) AS (SELECT $1),
  picked_2(id) AS (SELECT s.person_id FROM people s WHERE (s.person_id IN (SELECT r.person_id FROM roles r WHERE r.institution_id IN (SELECT id FROM institution_1)))),
  pass_3(k, v1, src) AS (SELECT r.person_id, count(*), string_agg(DISTINCT CAST(r.source_id AS TEXT), ',') FROM roles r WHERE r.person_id IN (SELECT s.person_id FROM people s WHERE s.person_id IN (SELECT id FROM picked_2)) GROUP BY r.person_id)
SELECT "count", _sources FROM (SELECT count(*) AS "count", string_agg(DISTINCT CAST(_sources AS TEXT), ',') AS _sources FROM (SELECT s.name AS "name", coalesce(pass_3.v1, 0) AS "roles", (SELECT string_agg(r.role || ' at ' || i.name, '; ' ORDER BY i.name, r.role) FROM roles r JOIN institutions i ON i.institution_id = r.institution_id WHERE r.person_id = s.person_id) AS "offices", s.person_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || pass_3.src, '') AS _sources FROM people s LEFT JOIN pass_3 ON pass_3.k = s.person_id WHERE s.person_id IN (SELECT id FROM picked_2)) AS q_4) AS q_5 ORDER BY "count" ASC NULLS FIRST
-- parameters
-- $1 = 2674
