WITH RECURSIVE area_1(id) AS (SELECT x.id COLLATE "C" FROM (SELECT $1) AS x(id) UNION SELECT e.area_id FROM area_1 w CROSS JOIN LATERAL (SELECT a.area_id FROM areas a WHERE a.parent_id = w.id UNION ALL SELECT l.area_id FROM area_links l WHERE l.container_id = w.id) AS e)
SELECT "name", "kind", "area", _sources FROM (SELECT * FROM (SELECT s.name AS "name", s.kind AS "kind", (SELECT l0.name FROM areas l0 WHERE l0.area_id = s.area_id) AS "area", s.institution_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || s.area_source_id, '') AS _sources FROM institutions s WHERE (s.kind IN ($2)) AND (s.area_id IN (SELECT id FROM area_1))) AS q_2 ORDER BY "name" ASC NULLS FIRST, _id LIMIT 5) AS q_3 ORDER BY "name" ASC NULLS FIRST, _id
-- parameters
-- $1 = E08000025
-- $2 = youth centre
