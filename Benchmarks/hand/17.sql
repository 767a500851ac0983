-- 17: wards in council "Birmingham" | show name, population, councillors
-- council area "Birmingham" = E08000025; its 69 wards have parent_id E08000025.
-- councillors = councillor roles whose ward_id is the ward (0 where none are loaded). By name.
SELECT w.name, w.population,
       (SELECT count(*) FROM roles r WHERE r.role = 'councillor' AND r.ward_id = w.area_id) AS councillors
FROM areas w
WHERE w.kind = 'ward' AND w.parent_id = 'E08000025'
ORDER BY w.name, w.area_id;
