WITH RECURSIVE pass_1(k, v1, src) AS (SELECT t.payer_id, sum(t.amount_pence), group_concat(DISTINCT t.source_id) FROM payer_totals t WHERE t.payer_id IN (SELECT s.institution_id FROM institutions s WHERE (s.institution_id = ?)) GROUP BY +t.payer_id)
SELECT "name", "kind", "area", "spent", _sources FROM (SELECT s.name AS "name", s.kind AS "kind", (SELECT l0.name FROM areas l0 WHERE l0.area_id = s.area_id) AS "area", coalesce(pass_1.v1, 0) AS "spent", s.institution_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || pass_1.src, '') AS _sources FROM institutions s LEFT JOIN pass_1 ON pass_1.k = s.institution_id WHERE (s.institution_id = ?)) AS q_2 ORDER BY "name", _id
-- parameters
-- ?1 = 1853
-- ?2 = 1853
-- columns: name text, kind text, area text, spent money
-- resolved: school "Hodge Hill School" → Hodge Hill School (demo:S0043)
