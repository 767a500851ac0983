WITH RECURSIVE pass_1(k, v1, src) AS (SELECT b.institution_id, sum(b.amount_pence), string_agg(DISTINCT CAST(b.source_id AS TEXT), ',') FROM budgets b GROUP BY b.institution_id)
SELECT "name", "budget", _sources FROM (SELECT * FROM (SELECT s.name AS "name", s.kind AS "kind", (SELECT l0.name FROM areas l0 WHERE l0.area_id = s.area_id) AS "area", coalesce(pass_1.v1, 0) AS "budget", s.institution_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || s.area_source_id, '') || coalesce(',' || pass_1.src, '') AS _sources FROM institutions s LEFT JOIN pass_1 ON pass_1.k = s.institution_id WHERE (s.kind IN ($1))) AS q_2 ORDER BY "budget" DESC NULLS LAST, _id LIMIT 5) AS q_3 ORDER BY "budget" DESC NULLS LAST, _id
-- parameters
-- $1 = police authority
