WITH RECURSIVE picked_1(id) AS (SELECT s.institution_id FROM institutions s WHERE (s.institution_id = $1)),
  pass_2(k, v1, src) AS (SELECT t.payer_id, sum(t.amount_pence), string_agg(DISTINCT CAST(t.source_id AS TEXT), ',') FROM payer_totals t WHERE t.payer_id IN (SELECT s.institution_id FROM institutions s WHERE s.institution_id IN (SELECT id FROM picked_1)) GROUP BY t.payer_id)
SELECT "name", "kind", "area", "spent", _sources FROM (SELECT s.name AS "name", s.kind AS "kind", (SELECT l0.name FROM areas l0 WHERE l0.area_id = s.area_id) AS "area", coalesce(pass_2.v1, 0) AS "spent", s.institution_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || s.area_source_id, '') || coalesce(',' || pass_2.src, '') AS _sources FROM institutions s LEFT JOIN pass_2 ON pass_2.k = s.institution_id WHERE s.institution_id IN (SELECT id FROM picked_1)) AS q_3 ORDER BY "name" ASC NULLS FIRST, _id
-- parameters
-- $1 = 1853
