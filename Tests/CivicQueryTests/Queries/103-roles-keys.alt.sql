WITH RECURSIVE area_1(id) AS (SELECT x.id COLLATE "C" FROM (SELECT $1) AS x(id) UNION SELECT e.area_id FROM area_1 w CROSS JOIN LATERAL (SELECT a.area_id FROM areas a WHERE a.parent_id = w.id UNION ALL SELECT l.area_id FROM area_links l WHERE l.container_id = w.id) AS e)
SELECT "name", "person_id", "institution_id", _sources FROM (SELECT s.name AS "name", coalesce((SELECT l0.name FROM parties l0 WHERE l0.party_id = s.party_id), s.party) AS "party", (SELECT l0.name FROM areas l0 WHERE l0.area_id = s.ward_id) AS "ward", ii.name AS "institution", s.person_id AS "person_id", s.institution_id AS "institution_id", s.role_id AS _id, s.source_id AS _sources FROM roles s JOIN people pp ON pp.person_id = s.person_id JOIN institutions ii ON ii.institution_id = s.institution_id WHERE (s.role IN ($2)) AND (coalesce(s.ward_id, ii.area_id) IN (SELECT id FROM area_1))) AS q_2 ORDER BY "name" ASC NULLS FIRST, _id
-- parameters
-- $1 = E05011131
-- $2 = councillor
