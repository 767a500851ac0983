WITH RECURSIVE category_1(id) AS (SELECT ? UNION SELECT c.category_id FROM categories c JOIN category_1 k ON c.parent_id = k.id),
  picked_2(id) AS (SELECT s.category_id FROM categories s WHERE (s.category_id IN (SELECT id FROM category_1))),
  pass_3(k, v1, src) AS (SELECT m.k, sum(g.v1), group_concat(DISTINCT g.src) FROM (SELECT t.category_id AS at, t.source_id AS src, sum(t.amount_pence) AS v1 FROM payer_month_totals t WHERE t.category_id IN (SELECT id FROM category_1) GROUP BY +t.category_id, +t.source_id) AS g JOIN (SELECT c.category_id AS k, c.category_id AS id FROM categories c UNION ALL SELECT c.parent_id, c.category_id FROM categories c WHERE c.parent_id IS NOT NULL) AS m ON m.id = g.at GROUP BY m.k)
SELECT "code", "name", "spent", _sources FROM (SELECT s.category_id AS "code", s.name AS "name", (SELECT l0.name FROM categories l0 WHERE l0.category_id = s.parent_id) AS "parent", coalesce(pass_3.v1, 0) AS "spent", s.category_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || pass_3.src, '') AS _sources FROM categories s LEFT JOIN pass_3 ON pass_3.k = s.category_id WHERE s.category_id IN (SELECT id FROM picked_2)) AS q_4 ORDER BY "code", _id
-- parameters
-- ?1 = 327
-- columns: code count, name text, spent money
-- resolved: spending on "youth services" → Children's social care: Services for young people (327)
