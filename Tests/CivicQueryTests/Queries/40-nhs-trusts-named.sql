SELECT "name", "kind", "area", _sources FROM (SELECT s.name AS "name", s.kind AS "kind", (SELECT l0.name FROM areas l0 WHERE l0.area_id = s.area_id) AS "area", s.institution_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || s.area_source_id, '') AS _sources FROM institutions s WHERE (s.kind IN (?)) AND (instr(s.name_norm, ?) > 0)) AS q_1 ORDER BY "name", _id
-- parameters
-- ?1 = "nhs trust"
-- ?2 = "birmingham"
-- columns: name text, kind text, area text
