WITH RECURSIVE area_1(id) AS (SELECT x.id COLLATE "C" FROM (SELECT $1) AS x(id) UNION SELECT e.area_id FROM area_1 w CROSS JOIN LATERAL (SELECT a.area_id FROM areas a WHERE a.parent_id = w.id UNION ALL SELECT l.area_id FROM area_links l WHERE l.container_id = w.id) AS e),
  category_2(id) AS (SELECT $2 UNION SELECT c.category_id FROM categories c JOIN category_2 k ON c.parent_id = k.id),
  picked_3(id) AS (SELECT s.institution_id FROM institutions s WHERE (s.area_id IN (SELECT id FROM area_1)) AND (EXISTS (SELECT 1 FROM payments p WHERE p.payer_id = s.institution_id AND p.category_id IN (SELECT id FROM category_2)))),
  pass_4(k, v1, src) AS (SELECT t.payer_id, sum(t.amount_pence), string_agg(DISTINCT CAST(t.source_id AS TEXT), ',') FROM payer_month_totals t WHERE t.category_id IN (SELECT id FROM category_2) AND t.payer_id IN (SELECT s.institution_id FROM institutions s WHERE s.institution_id IN (SELECT id FROM picked_3)) GROUP BY t.payer_id)
SELECT "name", "kind", "area", "spent", _sources FROM (SELECT s.name AS "name", s.kind AS "kind", (SELECT l0.name FROM areas l0 WHERE l0.area_id = s.area_id) AS "area", coalesce(pass_4.v1, 0) AS "spent", s.institution_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || s.area_source_id, '') || coalesce(',' || pass_4.src, '') AS _sources FROM institutions s LEFT JOIN pass_4 ON pass_4.k = s.institution_id WHERE s.institution_id IN (SELECT id FROM picked_3)) AS q_5 ORDER BY "name" ASC NULLS FIRST, _id
-- parameters
-- $1 = E05011131
-- $2 = 327
