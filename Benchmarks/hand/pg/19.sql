-- 19: categories | show name, spent | sort spent desc
-- PostgreSQL: ../19.sql with a plain GROUP BY (the unary + there steers SQLite's planner).
WITH by_category AS (
  SELECT category_id, sum(amount_pence) AS pence
  FROM payments
  WHERE category_id IS NOT NULL
  GROUP BY category_id
)
SELECT c.name, coalesce(sum(b.pence), 0) AS spent
FROM categories c
LEFT JOIN categories k ON k.category_id = c.category_id OR k.parent_id = c.category_id
LEFT JOIN by_category b ON b.category_id = k.category_id
GROUP BY c.category_id
ORDER BY spent DESC, c.category_id;
