-- 21: people in ward "Hodge Hill"
-- PostgreSQL: ../21.sql, with string_agg(… ORDER BY …) for SQLite's group_concat over an
-- ordered subquery.
SELECT p.name,
       (SELECT count(*) FROM roles r2 WHERE r2.person_id = p.person_id) AS roles,
       (SELECT string_agg(r2.role || ' at ' || i.name, '; ' ORDER BY i.name, r2.role)
        FROM roles r2 JOIN institutions i ON i.institution_id = r2.institution_id
        WHERE r2.person_id = p.person_id) AS offices
FROM people p
WHERE p.person_id IN (
  SELECT r.person_id
  FROM roles r JOIN institutions i ON i.institution_id = r.institution_id
  WHERE coalesce(r.ward_id, i.area_id) = 'E05011131')
ORDER BY p.name, p.person_id;
