-- 18: institutions | show name, spent, payments | sort spent desc | top 10
-- PostgreSQL: ../18.sql with a plain GROUP BY (the unary + there steers SQLite's planner).
SELECT i.name, t.spent, t.payments
FROM (SELECT payer_id, sum(amount_pence) AS spent, count(*) AS payments FROM payments GROUP BY payer_id) AS t
JOIN institutions i ON i.institution_id = t.payer_id
ORDER BY t.spent DESC, t.payer_id
LIMIT 10;
