SELECT "name", "kind", "area", "spent", _sources FROM (SELECT s.name AS "name", s.kind AS "kind", (SELECT a.name FROM areas a WHERE a.area_id = s.area_id) AS "area", (SELECT coalesce(sum(p.amount_pence), 0) FROM payments p WHERE p.payer_id = s.institution_id) AS "spent", s.institution_id AS _id, s.source_id || coalesce(',' || (SELECT group_concat(DISTINCT p.source_id) FROM payments p WHERE p.payer_id = s.institution_id), '') AS _sources FROM institutions s WHERE (s.institution_id = ?)) ORDER BY "name", _id
-- parameters
-- ?1 = 1853
-- columns: name text, kind text, area text, spent money
-- resolved: school "Hodge Hill School" → Hodge Hill School (demo:S0043)
