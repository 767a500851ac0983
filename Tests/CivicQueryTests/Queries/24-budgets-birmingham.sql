WITH RECURSIVE institution_1(id) AS (SELECT ?)
SELECT "institution", "year", "category", "amount", _sources FROM (SELECT * FROM (SELECT ii.name AS "institution", CAST(s.fy_start AS TEXT) || '/' || substr(CAST(s.fy_start + 1 AS TEXT), 3, 2) AS "year", (SELECT l0.name FROM categories l0 WHERE l0.category_id = s.category_id) AS "category", s.amount_pence AS "amount", s.budget_id AS _id, s.source_id AS _sources FROM budgets s JOIN institutions ii ON ii.institution_id = s.institution_id WHERE (s.institution_id IN (SELECT id FROM institution_1))) AS q_2 ORDER BY "amount" DESC, _id LIMIT 5) AS q_3 ORDER BY "amount" DESC, _id
-- parameters
-- ?1 = 2674
-- columns: institution text, year text, category text, amount money
-- resolved: council "Birmingham" → Birmingham (ons:E08000025)
