WITH RECURSIVE institution_1(id) AS (SELECT $1)
SELECT "institution", "year", "category", "amount", _sources FROM (SELECT * FROM (SELECT ii.name AS "institution", CAST(s.fy_start AS TEXT) || '/' || substr(CAST(s.fy_start + 1 AS TEXT), 3, 2) AS "year", (SELECT l0.name FROM categories l0 WHERE l0.category_id = s.category_id) AS "category", s.amount_pence AS "amount", s.budget_id AS _id, s.source_id AS _sources FROM budgets s JOIN institutions ii ON ii.institution_id = s.institution_id WHERE (s.institution_id IN (SELECT id FROM institution_1))) AS q_2 ORDER BY "amount" DESC NULLS LAST, _id LIMIT 5) AS q_3 ORDER BY "amount" DESC NULLS LAST, _id
-- parameters
-- $1 = 2674
