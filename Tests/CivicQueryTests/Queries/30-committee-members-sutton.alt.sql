SELECT "name", "detail", "party", _sources FROM (SELECT s.name AS "name", ii.name AS "institution", ii.kind AS "kind", s.start_date AS "start", s.detail AS "detail", coalesce((SELECT l0.name FROM parties l0 WHERE l0.party_id = s.party_id), s.party) AS "party", s.role_id AS _id, s.source_id AS _sources FROM roles s JOIN people pp ON pp.person_id = s.person_id JOIN institutions ii ON ii.institution_id = s.institution_id WHERE (s.role IN ($1))) AS q_1 ORDER BY "name" ASC NULLS FIRST, _id
-- parameters
-- $1 = committee member
