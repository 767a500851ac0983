SELECT "count", _sources FROM (SELECT count(*) AS "count", string_agg(DISTINCT CAST(_sources AS TEXT), ',') AS _sources FROM (SELECT s.name AS "name", ii.name AS "institution", ii.kind AS "kind", s.start_date AS "start", s.role_id AS _id, s.source_id AS _sources FROM roles s JOIN people pp ON pp.person_id = s.person_id JOIN institutions ii ON ii.institution_id = s.institution_id WHERE (s.role IN ($1)) AND ((s.start_date IS NULL OR s.start_date <= $2) AND (s.end_date IS NULL OR s.end_date >= $3))) AS q_1) AS q_2 ORDER BY "count" ASC NULLS FIRST
-- parameters
-- $1 = magistrate
-- $2 = 2024-12-31
-- $3 = 2024-01-01
