SELECT "payer", "count", _sources FROM (SELECT "payer", count(*) AS "count", group_concat(DISTINCT _sources) AS _sources FROM (SELECT s.date AS "date", (SELECT i.name FROM institutions i WHERE i.institution_id = s.payer_id) AS "payer", (SELECT su.name FROM suppliers su WHERE su.supplier_id = s.supplier_id) AS "supplier", (SELECT c.name FROM categories c WHERE c.category_id = s.category_id) AS "category", s.amount_pence AS "amount", s.payment_id AS _id, s.source_id AS _sources FROM payments s WHERE (s.paid_from >= ? AND s.paid_to <= ?)) GROUP BY "payer") ORDER BY "payer", "count"
-- parameters
-- ?1 = "2019-01-01"
-- ?2 = "2019-12-31"
-- columns: payer text, count count
