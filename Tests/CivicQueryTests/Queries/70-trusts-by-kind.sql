SELECT "kind", "count", _sources FROM (SELECT "kind", count(*) AS "count", group_concat(DISTINCT _sources) AS _sources FROM (SELECT s.name AS "name", s.kind AS "kind", (SELECT l0.name FROM areas l0 WHERE l0.area_id = s.area_id) AS "area", s.institution_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || s.area_source_id, '') AS _sources FROM institutions s WHERE (s.kind IN (?, ?))) AS q_1 GROUP BY "kind") AS q_2 ORDER BY "kind", "count"
-- parameters
-- ?1 = "academy trust"
-- ?2 = "nhs trust"
-- columns: kind text, count count
