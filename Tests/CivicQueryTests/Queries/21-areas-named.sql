SELECT "name", "code", "kind", "population", _sources FROM (SELECT s.name AS "name", s.area_id AS "code", s.kind AS "kind", coalesce(s.population, (SELECT CASE WHEN count(*) > 0 AND count(l0.population) = count(*) THEN CAST(sum(l0.population) AS INTEGER) END FROM areas l0 WHERE l0.parent_id = s.area_id AND l0.kind = 'ward')) AS "population", s.area_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || coalesce(s.population_source_id, (SELECT l0.population_source_id FROM areas l0 WHERE l0.parent_id = s.area_id AND l0.population_source_id IS NOT NULL ORDER BY l0.area_id DESC LIMIT 1)), '') AS _sources FROM areas s WHERE (instr(s.name_norm, ?) > 0)) AS q_1 ORDER BY "name", _id
-- parameters
-- ?1 = "hodge hill"
-- columns: name text, code text, kind text, population count
