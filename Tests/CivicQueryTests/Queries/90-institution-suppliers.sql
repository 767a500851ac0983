WITH RECURSIVE area_1(id) AS (SELECT ? UNION SELECT a.area_id FROM areas a JOIN area_1 w ON a.parent_id = w.id UNION SELECT l.area_id FROM area_links l JOIN area_1 w ON l.container_id = w.id),
  picked_2(id) AS (SELECT s.institution_id FROM institutions s WHERE (s.area_id IN (SELECT id FROM area_1))),
  pass_3(k, v1, v2, src) AS (SELECT p.payer_id, count(DISTINCT p.supplier_id), sum(p.amount_pence), group_concat(DISTINCT p.source_id) FROM payments p WHERE p.payer_id IN (SELECT s.institution_id FROM institutions s WHERE s.institution_id IN (SELECT id FROM picked_2)) GROUP BY +p.payer_id)
SELECT "name", "suppliers", "spent", _sources FROM (SELECT s.name AS "name", s.kind AS "kind", (SELECT l0.name FROM areas l0 WHERE l0.area_id = s.area_id) AS "area", coalesce(pass_3.v1, 0) AS "suppliers", coalesce(pass_3.v2, 0) AS "spent", s.institution_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || s.area_source_id, '') || coalesce(',' || pass_3.src, '') AS _sources FROM institutions s LEFT JOIN pass_3 ON pass_3.k = s.institution_id WHERE s.institution_id IN (SELECT id FROM picked_2)) AS q_4 ORDER BY "name", _id
-- parameters
-- ?1 = "E05011131"
-- columns: name text, suppliers count, spent money
-- resolved: ward "Hodge Hill" → Bromford & Hodge Hill (E05011131)
