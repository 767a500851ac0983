SELECT "code", "name", _sources FROM (SELECT * FROM (SELECT (SELECT p.name FROM categories p WHERE p.category_id = s.parent_id) AS "parent", s.category_id AS "code", s.name AS "name", s.category_id AS _id, s.source_id AS _sources FROM categories s) WHERE lower("parent") = lower(?)) ORDER BY "code", _id
-- parameters
-- ?1 = "TOTAL CHILDREN\'S SOCIAL CARE"
-- columns: code count, name text
