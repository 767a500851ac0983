-- 11: wards in constituency "Hodge Hill"
-- "Hodge Hill" constituency = Birmingham, Hodge Hill, E14000563; its wards are linked to it in
-- area_links (container_id); council = the ward's parent council area.
SELECT w.name, w.area_id AS code, c.name AS council, w.population
FROM areas w
LEFT JOIN areas c ON c.area_id = w.parent_id AND c.kind = 'council area'
WHERE w.kind = 'ward'
  AND w.area_id IN (SELECT area_id FROM area_links WHERE container_id = 'E14000563')
ORDER BY w.name, w.area_id;
