-- 07: spending over £100k during 2019 | sort amount desc | top 20
-- £100k = 10,000,000 pence, strictly over; 2019 = 2019-01-01..2019-12-31: both paid_from and
-- paid_to (the window the payment was made in) lie inside it.
SELECT p.date, i.name AS payer, s.name AS supplier, c.name AS category, p.amount_pence AS amount
FROM payments p
JOIN institutions i ON i.institution_id = p.payer_id
JOIN suppliers s ON s.supplier_id = p.supplier_id
LEFT JOIN categories c ON c.category_id = p.category_id
WHERE p.amount_pence > 10000000
  AND p.paid_from BETWEEN '2019-01-01' AND '2019-12-31'
  AND p.paid_to BETWEEN '2019-01-01' AND '2019-12-31'
ORDER BY p.amount_pence DESC, p.payment_id
LIMIT 20;
