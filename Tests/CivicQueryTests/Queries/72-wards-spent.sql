WITH RECURSIVE area_1(id) AS (SELECT ? UNION SELECT a.area_id FROM areas a JOIN area_1 w ON a.parent_id = w.id UNION SELECT l.area_id FROM area_links l JOIN area_1 w ON l.container_id = w.id),
  category_2(id) AS (SELECT ? UNION SELECT c.category_id FROM categories c JOIN category_2 k ON c.parent_id = k.id),
  picked_3(id) AS (SELECT s.area_id FROM areas s WHERE (s.kind IN (?)) AND (s.area_id IN (SELECT id FROM area_1) AND s.area_id <> ?) AND (EXISTS (SELECT 1 FROM institutions i JOIN payments p ON p.payer_id = i.institution_id WHERE i.area_id IN (WITH RECURSIVE inside(id) AS (SELECT s.area_id UNION SELECT a.area_id FROM areas a JOIN inside w ON a.parent_id = w.id UNION SELECT l.area_id FROM area_links l JOIN inside w ON l.container_id = w.id) SELECT id FROM inside) AND p.category_id IN (SELECT id FROM category_2)))),
  within_5(k, id) AS (SELECT s.area_id, s.area_id FROM areas s WHERE s.area_id IN (SELECT id FROM picked_3) UNION SELECT w.k, a.area_id FROM areas a JOIN within_5 w ON a.parent_id = w.id UNION SELECT w.k, l.area_id FROM area_links l JOIN within_5 w ON l.container_id = w.id),
  pass_4(k, v1, src) AS (SELECT w.k, sum(g.v1), group_concat(DISTINCT g.src) FROM (SELECT t.payer_id AS at, t.source_id AS src, sum(t.amount_pence) AS v1 FROM payer_month_totals t WHERE t.category_id IN (SELECT id FROM category_2) AND t.payer_id IN (SELECT i.institution_id FROM institutions i WHERE i.area_id IN (SELECT id FROM within_5)) GROUP BY +t.payer_id, +t.source_id) AS g JOIN institutions i ON i.institution_id = g.at JOIN within_5 w ON w.id = i.area_id GROUP BY w.k)
SELECT "name", "spent", _sources FROM (SELECT * FROM (SELECT s.name AS "name", s.area_id AS "code", (SELECT l0.name FROM areas l0 WHERE l0.area_id = s.parent_id AND l0.kind = 'council area') AS "council", coalesce(s.population, (SELECT CASE WHEN count(*) > 0 AND count(l0.population) = count(*) THEN CAST(sum(l0.population) AS INTEGER) END FROM areas l0 WHERE l0.parent_id = s.area_id AND l0.kind = 'ward')) AS "population", coalesce(pass_4.v1, 0) AS "spent", s.area_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || coalesce(s.population_source_id, (SELECT l0.population_source_id FROM areas l0 WHERE l0.parent_id = s.area_id AND l0.population_source_id IS NOT NULL ORDER BY l0.area_id DESC LIMIT 1)), '') || coalesce(',' || pass_4.src, '') AS _sources FROM areas s LEFT JOIN pass_4 ON pass_4.k = s.area_id WHERE s.area_id IN (SELECT id FROM picked_3)) AS q_6 ORDER BY "spent" DESC, _id LIMIT 5) AS q_7 ORDER BY "spent" DESC, _id
-- parameters
-- ?1 = "E08000025"
-- ?2 = 327
-- ?3 = "ward"
-- ?4 = "E08000025"
-- columns: name text, spent money
-- resolved: council "Birmingham" → Birmingham (E08000025)
-- resolved: spending on "youth services" → Children's social care: Services for young people (327)
