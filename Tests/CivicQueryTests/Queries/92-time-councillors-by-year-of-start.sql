SELECT "year", "party", "count", _sources FROM (SELECT substr("start", 1, 4) AS "year", "party", count(*) AS "count", group_concat(DISTINCT _sources) AS _sources FROM (SELECT s.name AS "name", coalesce((SELECT l0.name FROM parties l0 WHERE l0.party_id = s.party_id), s.party) AS "party", (SELECT l0.name FROM areas l0 WHERE l0.area_id = s.ward_id) AS "ward", ii.name AS "institution", s.start_date AS "start", s.role_id AS _id, s.source_id AS _sources FROM roles s JOIN people pp ON pp.person_id = s.person_id JOIN institutions ii ON ii.institution_id = s.institution_id WHERE (s.role IN (?))) AS q_1 GROUP BY substr("start", 1, 4), "party") AS q_2 ORDER BY "year" DESC, "party", "count"
-- parameters
-- ?1 = "councillor"
-- columns: year text, party text, count count
