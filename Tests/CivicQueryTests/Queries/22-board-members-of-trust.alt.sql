WITH RECURSIVE institution_1(id) AS (SELECT $1)
SELECT "name", "start", _sources FROM (SELECT s.name AS "name", ii.name AS "institution", ii.kind AS "kind", s.start_date AS "start", s.role_id AS _id, s.source_id AS _sources FROM roles s JOIN people pp ON pp.person_id = s.person_id JOIN institutions ii ON ii.institution_id = s.institution_id WHERE (s.role IN ($2)) AND (s.institution_id IN (SELECT id FROM institution_1))) AS q_2 ORDER BY "name" ASC NULLS FIRST, _id
-- parameters
-- $1 = 829
-- $2 = board member
