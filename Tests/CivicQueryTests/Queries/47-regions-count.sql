SELECT "count", _synthetic FROM (SELECT count(*) AS "count", max(_synthetic) AS _synthetic FROM (SELECT s.name AS "name", s.area_id AS "code", s.population AS "population", s.area_id AS _id, (SELECT synthetic FROM sources WHERE source_id = s.source_id) AS _synthetic FROM areas s WHERE (s.kind IN (?)))) ORDER BY "count"
-- parameters
-- ?1 = "region"
-- columns: count count
