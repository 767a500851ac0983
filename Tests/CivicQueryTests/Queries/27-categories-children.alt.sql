SELECT "code", "name", _sources FROM (SELECT * FROM (SELECT (SELECT l0.name FROM categories l0 WHERE l0.category_id = s.parent_id) AS "parent", s.category_id AS "code", s.name AS "name", s.category_id AS _id, s.source_id AS _sources FROM categories s) AS q_1 WHERE lower("parent") = lower(CAST($1 AS TEXT) COLLATE "C")) AS q_2 ORDER BY "code" ASC NULLS FIRST, _id
-- parameters
-- $1 = TOTAL CHILDREN'S SOCIAL CARE
