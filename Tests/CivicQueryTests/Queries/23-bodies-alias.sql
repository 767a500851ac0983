SELECT "kind", "count", _synthetic FROM (SELECT "kind", count(*) AS "count", max(_synthetic) AS _synthetic FROM (SELECT s.name AS "name", s.kind AS "kind", (SELECT a.name FROM areas a WHERE a.area_id = s.area_id) AS "area", s.institution_id AS _id, (SELECT synthetic FROM sources WHERE source_id = s.source_id) AS _synthetic FROM institutions s WHERE (instr(s.name_norm, ?) > 0)) GROUP BY "kind") ORDER BY "kind", "count"
-- parameters
-- ?1 = "trust"
-- columns: kind text, count count
