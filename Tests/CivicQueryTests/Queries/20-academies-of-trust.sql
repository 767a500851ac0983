WITH RECURSIVE institution_1(id) AS (SELECT ?)
SELECT "name", "kind", "area", _sources FROM (SELECT s.name AS "name", s.kind AS "kind", (SELECT l0.name FROM areas l0 WHERE l0.area_id = s.area_id) AS "area", s.institution_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || s.area_source_id, '') AS _sources FROM institutions s WHERE (s.kind IN (?)) AND (s.parent_id IN (SELECT id FROM institution_1))) AS q_2 ORDER BY "name", _id
-- parameters
-- ?1 = 1750
-- ?2 = "academy"
-- columns: name text, kind text, area text
-- resolved: trust "Bright Futures Educational Trust" → Bright Futures Educational Trust (trust:bright-futures-educational-trust)
