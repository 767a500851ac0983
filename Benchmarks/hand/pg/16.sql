-- 16: wards | show name, spent | sort spent desc | top 10
-- PostgreSQL: ../16.sql with a plain GROUP BY (the unary + there steers SQLite's planner).
WITH by_payer AS (SELECT payer_id, sum(amount_pence) AS pence FROM payments GROUP BY payer_id)
SELECT w.name, sum(b.pence) AS spent
FROM by_payer b
JOIN institutions i ON i.institution_id = b.payer_id
JOIN areas w ON w.area_id = i.area_id AND w.kind = 'ward'
GROUP BY w.area_id
ORDER BY spent DESC, w.area_id
LIMIT 10;
