WITH RECURSIVE category_1(id) AS (SELECT ? UNION SELECT c.category_id FROM categories c JOIN category_1 k ON c.parent_id = k.id),
  pass_2(k, v1, src) AS (SELECT m.k, sum(t.amount_pence), group_concat(DISTINCT t.source_id) FROM payer_month_totals t JOIN (SELECT c.category_id AS k, c.category_id AS id FROM categories c UNION ALL SELECT c.parent_id, c.category_id FROM categories c WHERE c.parent_id IS NOT NULL) AS m ON m.id = t.category_id WHERE t.category_id IN (SELECT id FROM category_1) GROUP BY m.k)
SELECT "code", "name", "spent", _sources FROM (SELECT s.category_id AS "code", s.name AS "name", (SELECT l0.name FROM categories l0 WHERE l0.category_id = s.parent_id) AS "parent", coalesce(pass_2.v1, 0) AS "spent", s.category_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || pass_2.src, '') AS _sources FROM categories s LEFT JOIN pass_2 ON pass_2.k = s.category_id WHERE (s.category_id IN (SELECT id FROM category_1))) AS q_3 ORDER BY "code", _id
-- parameters
-- ?1 = 327
-- columns: code count, name text, spent money
-- resolved: spending on "youth services" → Children's social care: Services for young people (327)
