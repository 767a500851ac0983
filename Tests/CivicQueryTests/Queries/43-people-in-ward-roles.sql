WITH RECURSIVE area_1(id) AS (SELECT ? UNION SELECT a.area_id FROM areas a JOIN area_1 w ON a.parent_id = w.id UNION SELECT l.area_id FROM area_links l JOIN area_1 w ON l.container_id = w.id),
  picked_2(id) AS (SELECT s.person_id FROM people s WHERE (s.person_id IN (SELECT r.person_id FROM roles r WHERE r.ward_id IN (SELECT id FROM area_1) UNION SELECT r.person_id FROM roles r JOIN institutions i ON i.institution_id = r.institution_id WHERE +r.ward_id IS NULL AND i.area_id IN (SELECT id FROM area_1)))),
  pass_3(k, v1, src) AS (SELECT r.person_id, count(*), group_concat(DISTINCT r.source_id) FROM roles r WHERE r.person_id IN (SELECT s.person_id FROM people s WHERE s.person_id IN (SELECT id FROM picked_2)) GROUP BY +r.person_id)
SELECT "name", "roles", "party", _sources FROM (SELECT s.name AS "name", coalesce(pass_3.v1, 0) AS "roles", coalesce((SELECT l0.name FROM parties l0 WHERE l0.party_id = (SELECT l1.party_id FROM roles l1 WHERE l1.person_id = s.person_id AND l1.party_id IS NOT NULL ORDER BY l1.start_date DESC LIMIT 1)), (SELECT l0.party FROM roles l0 WHERE l0.person_id = s.person_id AND l0.party IS NOT NULL ORDER BY l0.start_date DESC LIMIT 1)) AS "party", s.person_id AS _id, CAST(s.source_id AS TEXT) || coalesce(',' || pass_3.src, '') AS _sources FROM people s LEFT JOIN pass_3 ON pass_3.k = s.person_id WHERE s.person_id IN (SELECT id FROM picked_2)) AS q_4 ORDER BY "name", _id
-- parameters
-- ?1 = "E05011127"
-- columns: name text, roles count, party text
-- resolved: ward "Bordesley Green" → Bordesley Green (E05011127)
