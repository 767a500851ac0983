SELECT "count", _sources FROM (SELECT count(*) AS "count", group_concat(DISTINCT _sources) AS _sources FROM (SELECT * FROM (SELECT s.date AS "date", (SELECT i.name FROM institutions i WHERE i.institution_id = s.payer_id) AS "payer", (SELECT su.name FROM suppliers su WHERE su.supplier_id = s.supplier_id) AS "supplier", (SELECT c.name FROM categories c WHERE c.category_id = s.category_id) AS "category", s.amount_pence AS "amount", s.payment_id AS _id, s.source_id AS _sources FROM payments s) WHERE ("date" BETWEEN ? AND ? AND ("payer" IS NULL OR lower("payer") <> lower(?))))) ORDER BY "count"
-- parameters
-- ?1 = "2021-04-01"
-- ?2 = "2022-03-31"
-- ?3 = "Bradford"
-- columns: count count
