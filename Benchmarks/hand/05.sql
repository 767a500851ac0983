-- 05: suppliers paid by council "Birmingham" spending on "youth services" | sort paid desc | top 10
-- council "Birmingham" = Birmingham City Council, institution 2224 (ons E08000025);
-- "youth services" = category 327 (no sub-categories). Redaction markers are left out.
-- Finds no rows on the national database: it holds no Birmingham payments (the Birmingham demo
-- layer is not loaded).
SELECT s.name, count(*) AS payments, sum(p.amount_pence) AS paid
FROM payments p
JOIN suppliers s ON s.supplier_id = p.supplier_id
WHERE p.payer_id = 2224 AND p.category_id = 327 AND s.redacted = 0
GROUP BY s.supplier_id
ORDER BY paid DESC, s.supplier_id
LIMIT 10;
