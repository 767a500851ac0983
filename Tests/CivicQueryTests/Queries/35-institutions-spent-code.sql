WITH RECURSIVE area_1(id) AS (SELECT ? UNION SELECT a.area_id FROM areas a JOIN area_1 w ON a.parent_id = w.id UNION SELECT l.area_id FROM area_links l JOIN area_1 w ON l.container_id = w.id)
SELECT "name", "spent", _sources FROM (SELECT s.name AS "name", s.kind AS "kind", (SELECT a.name FROM areas a WHERE a.area_id = s.area_id) AS "area", (SELECT coalesce(sum(p.amount_pence), 0) FROM payments p WHERE p.payer_id = s.institution_id) AS "spent", s.institution_id AS _id, s.source_id || coalesce(',' || (SELECT group_concat(DISTINCT p.source_id) FROM payments p WHERE p.payer_id = s.institution_id), '') AS _sources FROM institutions s WHERE (s.area_id IN (SELECT id FROM area_1))) ORDER BY "spent" DESC, _id
-- parameters
-- ?1 = "E05011131"
-- columns: name text, spent money
-- resolved: "E05011131" → Bromford & Hodge Hill (E05011131)
