SELECT "kind", "total", _sources FROM (SELECT "kind", coalesce(sum("amount"), 0) AS "total", string_agg(DISTINCT CAST(_sources AS TEXT), ',') AS _sources FROM (SELECT ii.name AS "institution", CAST(s.fy_start AS TEXT) || '/' || substr(CAST(s.fy_start + 1 AS TEXT), 3, 2) AS "year", (SELECT l0.name FROM categories l0 WHERE l0.category_id = s.category_id) AS "category", s.amount_pence AS "amount", ii.kind AS "kind", s.budget_id AS _id, s.source_id AS _sources FROM budgets s JOIN institutions ii ON ii.institution_id = s.institution_id WHERE (s.fy_start BETWEEN $1 AND $2)) AS q_1 GROUP BY "kind") AS q_2 ORDER BY "kind" ASC NULLS FIRST, "total" ASC NULLS FIRST
-- parameters
-- $1 = 2017
-- $2 = 2017
