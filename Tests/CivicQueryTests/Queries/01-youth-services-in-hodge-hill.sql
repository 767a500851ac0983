WITH RECURSIVE area_1(id) AS (SELECT ? UNION SELECT a.area_id FROM areas a JOIN area_1 w ON a.parent_id = w.id UNION SELECT l.area_id FROM area_links l JOIN area_1 w ON l.container_id = w.id),
  category_2(id) AS (SELECT ? UNION SELECT c.category_id FROM categories c JOIN category_2 k ON c.parent_id = k.id)
SELECT "name", "kind", "area", "spent", _sources FROM (SELECT s.name AS "name", s.kind AS "kind", (SELECT a.name FROM areas a WHERE a.area_id = s.area_id) AS "area", (SELECT coalesce(sum(p.amount_pence), 0) FROM payments p WHERE p.payer_id = s.institution_id AND p.category_id IN (SELECT id FROM category_2)) AS "spent", s.institution_id AS _id, s.source_id || coalesce(',' || (SELECT group_concat(DISTINCT p.source_id) FROM payments p WHERE p.payer_id = s.institution_id AND p.category_id IN (SELECT id FROM category_2)), '') AS _sources FROM institutions s WHERE (s.area_id IN (SELECT id FROM area_1)) AND (EXISTS (SELECT 1 FROM payments p WHERE p.payer_id = s.institution_id AND p.category_id IN (SELECT id FROM category_2)))) ORDER BY "name", _id
-- parameters
-- ?1 = "E05011131"
-- ?2 = 327
-- columns: name text, kind text, area text, spent money
-- resolved: ward "Hodge Hill" → Bromford & Hodge Hill (E05011131)
-- resolved: spending on "youth services" → Children's social care: Services for young people (327)
