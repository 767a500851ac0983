WITH RECURSIVE area_1(id) AS (SELECT $1 UNION SELECT e.area_id FROM (SELECT area_id, parent_id AS container FROM areas UNION ALL SELECT area_id, container_id FROM area_links) AS e JOIN area_1 w ON e.container = w.id)
SELECT "party", "count", _sources FROM (SELECT "party", count(*) AS "count", string_agg(DISTINCT CAST(_sources AS TEXT), ',') AS _sources FROM (SELECT s.name AS "name", coalesce((SELECT l0.name FROM parties l0 WHERE l0.party_id = s.party_id), s.party) AS "party", (SELECT l0.name FROM areas l0 WHERE l0.area_id = s.ward_id) AS "ward", ii.name AS "institution", s.role_id AS _id, s.source_id AS _sources FROM roles s JOIN people pp ON pp.person_id = s.person_id JOIN institutions ii ON ii.institution_id = s.institution_id WHERE (s.role IN ($2)) AND (coalesce(s.ward_id, ii.area_id) IN (SELECT id FROM area_1))) AS q_2 GROUP BY "party") AS q_3 ORDER BY "count" DESC NULLS LAST, "party" ASC NULLS FIRST
-- parameters
-- $1 = E08000025
-- $2 = councillor
