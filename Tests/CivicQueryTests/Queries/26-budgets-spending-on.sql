WITH RECURSIVE category_1(id) AS (SELECT ? UNION SELECT c.category_id FROM categories c JOIN category_1 k ON c.parent_id = k.id)
SELECT "total", _sources FROM (SELECT coalesce(sum("amount"), 0) AS "total", group_concat(DISTINCT _sources) AS _sources FROM (SELECT ii.name AS "institution", CAST(s.fy_start AS TEXT) || '/' || substr(CAST(s.fy_start + 1 AS TEXT), 3, 2) AS "year", (SELECT l0.name FROM categories l0 WHERE l0.category_id = s.category_id) AS "category", s.amount_pence AS "amount", s.budget_id AS _id, s.source_id AS _sources FROM budgets s JOIN institutions ii ON ii.institution_id = s.institution_id WHERE (s.category_id IN (SELECT id FROM category_1))) AS q_2) AS q_3 ORDER BY "total"
-- parameters
-- ?1 = 330
-- columns: total money
-- resolved: spending on "children's social care" → TOTAL CHILDREN'S SOCIAL CARE (330)
