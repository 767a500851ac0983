WITH RECURSIVE institution_1(id) AS (SELECT $1)
SELECT "count", _sources FROM (SELECT count(*) AS "count", string_agg(DISTINCT CAST(_sources AS TEXT), ',') AS _sources FROM (SELECT s.name AS "name", s.person_id AS _id, s.source_id AS _sources FROM people s WHERE (s.person_id IN (SELECT r.person_id FROM roles r WHERE r.institution_id IN (SELECT id FROM institution_1)))) AS q_2) AS q_3 ORDER BY "count" ASC NULLS FIRST
-- parameters
-- $1 = 2674
