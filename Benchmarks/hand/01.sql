-- 01: institutions in ward "Hodge Hill" spending on "youth services"
-- "Hodge Hill" ward = Bromford & Hodge Hill, area E05011131 (nothing nests inside a ward);
-- "youth services" = category 327 (category_aliases), which has no sub-categories.
-- Finds no rows on the national database: its Hodge Hill institutions have no youth-services payments.
SELECT i.name, i.kind, a.name AS area, sum(p.amount_pence) AS spent
FROM institutions i
JOIN payments p ON p.payer_id = i.institution_id AND p.category_id = 327
LEFT JOIN areas a ON a.area_id = i.area_id
WHERE i.area_id = 'E05011131'
GROUP BY i.institution_id
ORDER BY i.name, i.institution_id;
