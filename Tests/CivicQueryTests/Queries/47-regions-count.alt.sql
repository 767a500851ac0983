SELECT "count", _sources FROM (SELECT count(*) AS "count", string_agg(DISTINCT CAST(_sources AS TEXT), ',') AS _sources FROM (SELECT s.name AS "name", s.area_id AS "code", s.population AS "population", s.area_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || s.population_source_id, '') AS _sources FROM areas s WHERE (s.kind IN ($1))) AS q_1) AS q_2 ORDER BY "count" ASC NULLS FIRST
-- parameters
-- $1 = region
