SELECT "count", _sources FROM (SELECT count(*) AS "count", group_concat(DISTINCT _sources) AS _sources FROM (SELECT * FROM (SELECT s.opened AS "opened", s.name AS "name", s.kind AS "kind", (SELECT l0.name FROM areas l0 WHERE l0.area_id = s.area_id) AS "area", s.institution_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || s.area_source_id, '') AS _sources FROM institutions s WHERE (s.kind IN (?))) AS q_1 WHERE "opened" >= ?) AS q_2) AS q_3 ORDER BY "count"
-- parameters
-- ?1 = "charity"
-- ?2 = "2020-01-01"
-- columns: count count
