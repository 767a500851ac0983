-- 01: institutions in ward "Hodge Hill" spending on "youth services"
-- PostgreSQL: ../01.sql, with the area's name in GROUP BY (PostgreSQL takes a column that is not
-- grouped only when the grouped key determines it; the area is a LEFT JOIN's).
SELECT i.name, i.kind, a.name AS area, sum(p.amount_pence) AS spent
FROM institutions i
JOIN payments p ON p.payer_id = i.institution_id AND p.category_id = 327
LEFT JOIN areas a ON a.area_id = i.area_id
WHERE i.area_id = 'E05011131'
GROUP BY i.institution_id, a.name
ORDER BY i.name, i.institution_id;
