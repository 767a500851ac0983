-- 06: people where roles >= 2 | sort roles desc
-- PostgreSQL: ../06.sql, with string_agg(… ORDER BY …) for SQLite's group_concat over an
-- ordered subquery.
SELECT p.name, r.roles,
       (SELECT string_agg(r2.role || ' at ' || i.name, '; ' ORDER BY i.name, r2.role)
        FROM roles r2 JOIN institutions i ON i.institution_id = r2.institution_id
        WHERE r2.person_id = p.person_id) AS offices
FROM (SELECT person_id, count(*) AS roles FROM roles GROUP BY person_id HAVING count(*) >= 2) AS r
JOIN people p ON p.person_id = r.person_id
ORDER BY r.roles DESC, p.person_id;
