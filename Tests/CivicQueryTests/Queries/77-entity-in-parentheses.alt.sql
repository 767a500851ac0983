WITH RECURSIVE institution_1(id) AS (SELECT _id FROM (SELECT s.name AS "name", s.kind AS "kind", (SELECT l0.name FROM areas l0 WHERE l0.area_id = s.area_id) AS "area", s.institution_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || s.area_source_id, '') AS _sources FROM institutions s WHERE (s.institution_id = $1)) AS q_2)
SELECT "count", _sources FROM (SELECT count(*) AS "count", string_agg(DISTINCT CAST(_sources AS TEXT), ',') AS _sources FROM (SELECT s.name AS "name", ii.name AS "institution", ii.kind AS "kind", s.start_date AS "start", s.role_id AS _id, s.source_id AS _sources FROM roles s JOIN people pp ON pp.person_id = s.person_id JOIN institutions ii ON ii.institution_id = s.institution_id WHERE (s.role IN ($2)) AND (s.institution_id IN (SELECT id FROM institution_1))) AS q_3) AS q_4 ORDER BY "count" ASC NULLS FIRST
-- parameters
-- $1 = 1853
-- $2 = governor
