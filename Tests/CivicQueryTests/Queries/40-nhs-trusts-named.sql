SELECT "name", "kind", "area", _sources FROM (SELECT s.name AS "name", s.kind AS "kind", (SELECT a.name FROM areas a WHERE a.area_id = s.area_id) AS "area", s.institution_id AS _id, s.source_id AS _sources FROM institutions s WHERE (s.kind IN (?)) AND (instr(s.name_norm, ?) > 0)) ORDER BY "name", _id
-- parameters
-- ?1 = "nhs trust"
-- ?2 = "birmingham"
-- columns: name text, kind text, area text
