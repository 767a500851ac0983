WITH RECURSIVE area_1(id) AS (SELECT x.id COLLATE "C" FROM (SELECT $1) AS x(id) UNION SELECT e.area_id FROM area_1 w CROSS JOIN LATERAL (SELECT a.area_id FROM areas a WHERE a.parent_id = w.id UNION ALL SELECT l.area_id FROM area_links l WHERE l.container_id = w.id) AS e)
SELECT "name", "code", "population", _sources FROM (SELECT s.name AS "name", s.area_id AS "code", coalesce(s.population, (SELECT CASE WHEN count(*) > 0 AND count(l0.population) = count(*) THEN CAST(sum(l0.population) AS BIGINT) END FROM areas l0 WHERE l0.parent_id = s.area_id AND l0.kind = 'ward')) AS "population", s.area_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || coalesce(s.population_source_id, (SELECT l0.population_source_id FROM areas l0 WHERE l0.parent_id = s.area_id AND l0.population_source_id IS NOT NULL ORDER BY l0.area_id DESC NULLS LAST LIMIT 1)), '') AS _sources FROM areas s WHERE (s.kind IN ($2)) AND (s.area_id IN (SELECT id FROM area_1) AND s.area_id <> $3)) AS q_2 ORDER BY "name" ASC NULLS FIRST, _id
-- parameters
-- $1 = E08000025
-- $2 = constituency
-- $3 = E08000025
