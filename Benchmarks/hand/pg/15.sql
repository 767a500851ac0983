-- 15: suppliers | sort paid desc | top 10
-- PostgreSQL: ../15.sql with a plain GROUP BY (the unary + there steers SQLite's planner; here it
-- would only make the grouped key an expression).
SELECT s.name, t.payments, t.paid
FROM (SELECT supplier_id, count(*) AS payments, sum(amount_pence) AS paid FROM payments GROUP BY supplier_id) AS t
JOIN suppliers s ON s.supplier_id = t.supplier_id
WHERE s.redacted = 0
ORDER BY t.paid DESC, t.supplier_id
LIMIT 10;
