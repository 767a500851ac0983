SELECT "count", _sources FROM (SELECT count(*) AS "count", group_concat(DISTINCT _sources) AS _sources FROM (SELECT s.name AS "name", s.role AS "role", ii.name AS "institution", s.start_date AS "start", s.role_id AS _id, s.source_id AS _sources FROM roles s JOIN people pp ON pp.person_id = s.person_id JOIN institutions ii ON ii.institution_id = s.institution_id) AS q_1) AS q_2 ORDER BY "count"
-- parameters
-- columns: count count
