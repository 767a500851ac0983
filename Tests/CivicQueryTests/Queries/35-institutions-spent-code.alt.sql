WITH RECURSIVE area_1(id) AS (SELECT x.id COLLATE "C" FROM (SELECT $1) AS x(id) UNION SELECT e.area_id FROM area_1 w CROSS JOIN LATERAL (SELECT a.area_id FROM areas a WHERE a.parent_id = w.id UNION ALL SELECT l.area_id FROM area_links l WHERE l.container_id = w.id) AS e),
  picked_2(id) AS (SELECT s.institution_id FROM institutions s WHERE (s.area_id IN (SELECT id FROM area_1))),
  pass_3(k, v1, src) AS (SELECT t.payer_id, sum(t.amount_pence), string_agg(DISTINCT CAST(t.source_id AS TEXT), ',') FROM payer_totals t WHERE t.payer_id IN (SELECT s.institution_id FROM institutions s WHERE s.institution_id IN (SELECT id FROM picked_2)) GROUP BY t.payer_id)
SELECT "name", "spent", _sources FROM (SELECT s.name AS "name", s.kind AS "kind", (SELECT l0.name FROM areas l0 WHERE l0.area_id = s.area_id) AS "area", coalesce(pass_3.v1, 0) AS "spent", s.institution_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || s.area_source_id, '') || coalesce(',' || pass_3.src, '') AS _sources FROM institutions s LEFT JOIN pass_3 ON pass_3.k = s.institution_id WHERE s.institution_id IN (SELECT id FROM picked_2)) AS q_4 ORDER BY "spent" DESC NULLS LAST, _id
-- parameters
-- $1 = E05011131
