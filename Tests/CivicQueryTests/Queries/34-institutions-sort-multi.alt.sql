WITH RECURSIVE area_1(id) AS (SELECT x.id COLLATE "C" FROM (SELECT $1) AS x(id) UNION SELECT e.area_id FROM (SELECT area_id, parent_id AS container FROM areas UNION ALL SELECT area_id, container_id FROM area_links) AS e JOIN area_1 w ON e.container = w.id)
SELECT "name", "kind", "area", _sources FROM (SELECT s.name AS "name", s.kind AS "kind", (SELECT l0.name FROM areas l0 WHERE l0.area_id = s.area_id) AS "area", s.institution_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || s.area_source_id, '') AS _sources FROM institutions s WHERE (s.area_id IN (SELECT id FROM area_1))) AS q_2 ORDER BY "kind" ASC NULLS FIRST, "name" DESC NULLS LAST, _id
-- parameters
-- $1 = E05011131
