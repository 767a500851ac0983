WITH RECURSIVE institution_1(id) AS (SELECT ?)
SELECT "institution", "year", "category", "amount", _sources FROM (SELECT * FROM (SELECT ii.name AS "institution", s.fy_start || '/' || substr(CAST(s.fy_start + 1 AS TEXT), 3, 2) AS "year", (SELECT c.name FROM categories c WHERE c.category_id = s.category_id) AS "category", s.amount_pence AS "amount", s.budget_id AS _id, s.source_id AS _sources FROM budgets s JOIN institutions ii ON ii.institution_id = s.institution_id WHERE (s.institution_id IN (SELECT id FROM institution_1))) ORDER BY "amount" DESC, _id LIMIT 5) ORDER BY "amount" DESC, _id
-- parameters
-- ?1 = 2674
-- columns: institution text, year text, category text, amount money
-- resolved: council "Birmingham" → Birmingham (ons:E08000025)
