SELECT "count", _sources FROM (SELECT count(*) AS "count", group_concat(DISTINCT _sources) AS _sources FROM (SELECT s.name AS "name", s.area_id AS "code", s.population AS "population", s.area_id AS _id, s.source_id || coalesce(',' || s.population_source_id, '') AS _sources FROM areas s WHERE (s.kind IN (?)))) ORDER BY "count"
-- parameters
-- ?1 = "region"
-- columns: count count
