SELECT "kind", "count", _sources FROM (SELECT "kind", count(*) AS "count", string_agg(DISTINCT CAST(_sources AS TEXT), ',') AS _sources FROM (SELECT s.name AS "name", s.kind AS "kind", (SELECT l0.name FROM areas l0 WHERE l0.area_id = s.area_id) AS "area", s.institution_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || s.area_source_id, '') AS _sources FROM institutions s WHERE (s.kind IN ($1, $2))) AS q_1 GROUP BY "kind") AS q_2 ORDER BY "kind" ASC NULLS FIRST, "count" ASC NULLS FIRST
-- parameters
-- $1 = academy trust
-- $2 = nhs trust
