-- 19: categories | show name, spent | sort spent desc
-- A category's spent = payments in it or in a category below it; the taxonomy is two levels
-- (detail lines -> their TOTAL line), so "below" is categories.parent_id = it. All 208
-- categories, 0 where nothing was spent; ties by category code.
-- Written to scan payments once and sort (the unary + keeps SQLite from reading the table in index order, row by random row: about 4× faster here than the plain GROUP BY).
WITH by_category AS (
  SELECT category_id, sum(amount_pence) AS pence
  FROM payments
  WHERE category_id IS NOT NULL
  GROUP BY +category_id
)
SELECT c.name, coalesce(sum(b.pence), 0) AS spent
FROM categories c
LEFT JOIN categories k ON k.category_id = c.category_id OR k.parent_id = c.category_id
LEFT JOIN by_category b ON b.category_id = k.category_id
GROUP BY c.category_id
ORDER BY spent DESC, c.category_id;
