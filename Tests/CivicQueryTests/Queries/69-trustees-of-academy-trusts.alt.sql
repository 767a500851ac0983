WITH RECURSIVE area_1(id) AS (SELECT x.id COLLATE "C" FROM (SELECT $1) AS x(id) UNION SELECT e.area_id FROM area_1 w CROSS JOIN LATERAL (SELECT a.area_id FROM areas a WHERE a.parent_id = w.id UNION ALL SELECT l.area_id FROM area_links l WHERE l.container_id = w.id) AS e),
  institution_2(id) AS (SELECT _id FROM (SELECT s.name AS "name", s.kind AS "kind", (SELECT l0.name FROM areas l0 WHERE l0.area_id = s.area_id) AS "area", s.institution_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || s.area_source_id, '') AS _sources FROM institutions s WHERE (s.kind IN ($2)) AND (s.area_id IN (SELECT id FROM area_1))) AS q_3)
SELECT "name", "institution", "kind", "start", _sources FROM (SELECT * FROM (SELECT s.name AS "name", ii.name AS "institution", ii.kind AS "kind", s.start_date AS "start", s.role_id AS _id, s.source_id AS _sources FROM roles s JOIN people pp ON pp.person_id = s.person_id JOIN institutions ii ON ii.institution_id = s.institution_id WHERE (s.role IN ($3)) AND (s.institution_id IN (SELECT id FROM institution_2))) AS q_4 ORDER BY "name" ASC NULLS FIRST, _id LIMIT 5) AS q_5 ORDER BY "name" ASC NULLS FIRST, _id
-- parameters
-- $1 = E08000025
-- $2 = academy trust
-- $3 = trustee
