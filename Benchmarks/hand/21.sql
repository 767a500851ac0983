-- 21: people in ward "Hodge Hill"
-- "Hodge Hill" ward = Bromford & Hodge Hill, area E05011131. A person is in it when one of
-- their roles represents that ward (roles.ward_id) or, having no ward, is at an institution
-- located there. roles and offices then cover all that person's roles, everywhere.
SELECT p.name,
       (SELECT count(*) FROM roles r2 WHERE r2.person_id = p.person_id) AS roles,
       (SELECT group_concat(office, '; ')
        FROM (SELECT r2.role || ' at ' || i.name AS office
              FROM roles r2 JOIN institutions i ON i.institution_id = r2.institution_id
              WHERE r2.person_id = p.person_id
              ORDER BY i.name, r2.role)) AS offices
FROM people p
WHERE p.person_id IN (
  SELECT r.person_id
  FROM roles r JOIN institutions i ON i.institution_id = r.institution_id
  WHERE coalesce(r.ward_id, i.area_id) = 'E05011131')
ORDER BY p.name, p.person_id;
