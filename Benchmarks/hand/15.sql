-- 15: suppliers | sort paid desc | top 10
-- Every payment counts; redaction markers (suppliers.redacted = 1) are left out.
-- Written to scan payments once and sort (the unary + keeps SQLite from reading the table in index order, row by random row: about 4× faster here than the plain GROUP BY).
SELECT s.name, t.payments, t.paid
FROM (SELECT supplier_id, count(*) AS payments, sum(amount_pence) AS paid FROM payments GROUP BY +supplier_id) AS t
JOIN suppliers s ON s.supplier_id = t.supplier_id
WHERE s.redacted = 0
ORDER BY t.paid DESC, t.supplier_id
LIMIT 10;
