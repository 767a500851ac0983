SELECT "payer", "count", _sources FROM (SELECT "payer", count(*) AS "count", group_concat(DISTINCT _sources) AS _sources FROM (SELECT * FROM (SELECT (SELECT i.name FROM institutions i WHERE i.institution_id = s.payer_id) AS "payer", s.date AS "date", (SELECT su.name FROM suppliers su WHERE su.supplier_id = s.supplier_id) AS "supplier", (SELECT c.name FROM categories c WHERE c.category_id = s.category_id) AS "category", s.amount_pence AS "amount", s.payment_id AS _id, s.source_id AS _sources FROM payments s) WHERE (lower("payer") = lower(?) OR lower("payer") = lower(?))) GROUP BY "payer") ORDER BY "payer", "count"
-- parameters
-- ?1 = "Bradford"
-- ?2 = "Lambeth"
-- columns: payer text, count count
