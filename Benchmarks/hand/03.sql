-- 03: governors of schools in ward "Hodge Hill"
-- "Hodge Hill" ward = Bromford & Hodge Hill, area E05011131; "schools" are institutions of
-- kind 'school' or 'academy'. One row per governor role.
SELECT p.name, i.name AS institution, i.kind, r.start_date AS start
FROM roles r
JOIN people p ON p.person_id = r.person_id
JOIN institutions i ON i.institution_id = r.institution_id
WHERE r.role = 'governor'
  AND i.kind IN ('school', 'academy')
  AND i.area_id = 'E05011131'
ORDER BY p.name, r.role_id;
