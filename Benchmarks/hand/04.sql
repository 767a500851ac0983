-- 04: spending by council "Manchester" during fy 2021/22 | total amount by category | sort total desc | top 10
-- council "Manchester" = Manchester City Council, institution 1897 (ons E08000003).
-- fy 2021/22 = 2021-04-01..2022-03-31; a payment counts when both paid_from and paid_to lie inside it.
-- Payments with no mapped category form one group with an empty category.
SELECT c.name AS category, sum(p.amount_pence) AS total
FROM payments p
LEFT JOIN categories c ON c.category_id = p.category_id
WHERE p.payer_id = 1897
  AND p.paid_from BETWEEN '2021-04-01' AND '2022-03-31'
  AND p.paid_to BETWEEN '2021-04-01' AND '2022-03-31'
GROUP BY c.name
ORDER BY total DESC, category
LIMIT 10;
