-- 06: people where roles >= 2 | sort roles desc
-- One row per person holding two or more roles; offices lists "role at institution",
-- ordered by institution name then role, joined with "; ". Ties on roles by person_id.
SELECT p.name, r.roles,
       (SELECT group_concat(office, '; ')
        FROM (SELECT r2.role || ' at ' || i.name AS office
              FROM roles r2 JOIN institutions i ON i.institution_id = r2.institution_id
              WHERE r2.person_id = p.person_id
              ORDER BY i.name, r2.role)) AS offices
FROM (SELECT person_id, count(*) AS roles FROM roles GROUP BY person_id HAVING count(*) >= 2) AS r
JOIN people p ON p.person_id = r.person_id
ORDER BY r.roles DESC, p.person_id;
