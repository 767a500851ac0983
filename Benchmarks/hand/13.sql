-- 13: suppliers paid by council "Bradford" spending on "youth services" during 2019 | sort paid desc | top 10
-- council "Bradford" = City of Bradford MDC, institution 2212 (ons E08000032); "youth services" =
-- category 327 (no sub-categories); 2019 = 2019-01-01..2019-12-31. Redaction markers left out.
SELECT s.name, count(*) AS payments, sum(p.amount_pence) AS paid
FROM payments p
JOIN suppliers s ON s.supplier_id = p.supplier_id
WHERE p.payer_id = 2212 AND p.category_id = 327
  AND p.paid_from BETWEEN '2019-01-01' AND '2019-12-31'
  AND p.paid_to BETWEEN '2019-01-01' AND '2019-12-31'
  AND s.redacted = 0
GROUP BY s.supplier_id
ORDER BY paid DESC, s.supplier_id
LIMIT 10;
