-- 02: councillors in ward "Hodge Hill"
-- "Hodge Hill" ward = Bromford & Hodge Hill, area E05011131; a councillor role names its ward in
-- roles.ward_id (the Sutton Coldfield town councillors without one sit elsewhere).
SELECT p.name, r.party, w.name AS ward, i.name AS institution
FROM roles r
JOIN people p ON p.person_id = r.person_id
JOIN institutions i ON i.institution_id = r.institution_id
LEFT JOIN areas w ON w.area_id = r.ward_id
WHERE r.role = 'councillor' AND r.ward_id = 'E05011131'
ORDER BY p.name, r.role_id;
