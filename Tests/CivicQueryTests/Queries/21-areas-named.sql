SELECT "name", "code", "kind", "population", _sources FROM (SELECT s.name AS "name", s.area_id AS "code", s.kind AS "kind", s.population AS "population", s.area_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || s.population_source_id, '') AS _sources FROM areas s WHERE (instr(s.name_norm, ?) > 0)) AS q_1 ORDER BY "name", _id
-- parameters
-- ?1 = "hodge hill"
-- columns: name text, code text, kind text, population count
