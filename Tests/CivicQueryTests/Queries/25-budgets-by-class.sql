WITH RECURSIVE area_1(id) AS (SELECT ? UNION SELECT a.area_id FROM areas a JOIN area_1 w ON a.parent_id = w.id UNION SELECT l.area_id FROM area_links l JOIN area_1 w ON l.container_id = w.id),
  institution_2(id) AS (SELECT _id FROM (SELECT s.name AS "name", s.kind AS "kind", (SELECT l0.name FROM areas l0 WHERE l0.area_id = s.area_id) AS "area", s.institution_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || s.area_source_id, '') AS _sources FROM institutions s WHERE (s.kind IN (?)) AND (s.area_id IN (SELECT id FROM area_1))) AS q_3)
SELECT "institution", "total", _sources FROM (SELECT "institution", coalesce(sum("amount"), 0) AS "total", group_concat(DISTINCT _sources) AS _sources FROM (SELECT ii.name AS "institution", CAST(s.fy_start AS TEXT) || '/' || substr(CAST(s.fy_start + 1 AS TEXT), 3, 2) AS "year", (SELECT l0.name FROM categories l0 WHERE l0.category_id = s.category_id) AS "category", s.amount_pence AS "amount", s.budget_id AS _id, s.source_id AS _sources FROM budgets s JOIN institutions ii ON ii.institution_id = s.institution_id WHERE (s.institution_id IN (SELECT id FROM institution_2))) AS q_4 GROUP BY "institution") AS q_5 ORDER BY "total" DESC, "institution"
-- parameters
-- ?1 = "E12000005"
-- ?2 = "council"
-- columns: institution text, total money
-- resolved: region "West Midlands" → West Midlands (E12000005)
