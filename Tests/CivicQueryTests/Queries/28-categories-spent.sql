WITH RECURSIVE category_1(id) AS (SELECT ? UNION SELECT c.category_id FROM categories c JOIN category_1 k ON c.parent_id = k.id)
SELECT "code", "name", "spent", _sources FROM (SELECT s.category_id AS "code", s.name AS "name", (SELECT p.name FROM categories p WHERE p.category_id = s.parent_id) AS "parent", (SELECT coalesce(sum(p.amount_pence), 0) FROM payments p WHERE (p.category_id = s.category_id OR p.category_id IN (SELECT k.category_id FROM categories k WHERE k.parent_id = s.category_id)) AND p.category_id IN (SELECT id FROM category_1)) AS "spent", s.category_id AS _id, s.source_id || coalesce(',' || (SELECT group_concat(DISTINCT p.source_id) FROM payments p WHERE (p.category_id = s.category_id OR p.category_id IN (SELECT k.category_id FROM categories k WHERE k.parent_id = s.category_id)) AND p.category_id IN (SELECT id FROM category_1)), '') AS _sources FROM categories s WHERE (s.category_id IN (SELECT id FROM category_1))) ORDER BY "code", _id
-- parameters
-- ?1 = 327
-- columns: code count, name text, spent money
-- resolved: spending on "youth services" → Children's social care: Services for young people (327)
