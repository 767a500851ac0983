SELECT "count", _sources FROM (SELECT count(*) AS "count", group_concat(DISTINCT _sources) AS _sources FROM (SELECT s.name AS "name", s.area_id AS "code", coalesce(s.population, (SELECT CASE WHEN count(*) > 0 AND count(l0.population) = count(*) THEN CAST(sum(l0.population) AS INTEGER) END FROM areas l0 WHERE l0.parent_id = s.area_id AND l0.kind = 'ward')) AS "population", s.area_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || coalesce(s.population_source_id, (SELECT l0.population_source_id FROM areas l0 WHERE l0.parent_id = s.area_id AND l0.population_source_id IS NOT NULL ORDER BY l0.area_id DESC LIMIT 1)), '') AS _sources FROM areas s WHERE (s.kind IN (?))) AS q_1) AS q_2 ORDER BY "count"
-- parameters
-- ?1 = "region"
-- columns: count count
