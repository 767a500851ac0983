SELECT "count", _sources FROM (SELECT count(*) AS "count", group_concat(DISTINCT _sources) AS _sources FROM (SELECT s.name AS "name", s.area_id AS "code", s.population AS "population", s.area_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || s.population_source_id, '') AS _sources FROM areas s WHERE (s.kind IN (?))) AS q_1) AS q_2 ORDER BY "count"
-- parameters
-- ?1 = "region"
-- columns: count count
