SELECT "name", "budget", _sources FROM (SELECT * FROM (SELECT s.name AS "name", s.kind AS "kind", (SELECT a.name FROM areas a WHERE a.area_id = s.area_id) AS "area", (SELECT coalesce(sum(b.amount_pence), 0) FROM budgets b WHERE b.institution_id = s.institution_id) AS "budget", s.institution_id AS _id, s.source_id || coalesce(',' || (SELECT group_concat(DISTINCT b.source_id) FROM budgets b WHERE b.institution_id = s.institution_id), '') AS _sources FROM institutions s WHERE (s.kind IN (?))) ORDER BY "budget" DESC, _id LIMIT 5) ORDER BY "budget" DESC, _id
-- parameters
-- ?1 = "police authority"
-- columns: name text, budget money
