WITH RECURSIVE area_1(id) AS (SELECT ? UNION SELECT a.area_id FROM areas a JOIN area_1 w ON a.parent_id = w.id UNION SELECT l.area_id FROM area_links l JOIN area_1 w ON l.container_id = w.id)
SELECT "name", "payments", "paid", _sources FROM (SELECT * FROM (SELECT s.name AS "name", (SELECT count(*) FROM payments p WHERE p.supplier_id = s.supplier_id AND p.paid_from >= ? AND p.paid_to <= ? AND p.payer_id IN (SELECT institution_id FROM institutions WHERE area_id IN (SELECT id FROM area_1))) AS "payments", (SELECT coalesce(sum(p.amount_pence), 0) FROM payments p WHERE p.supplier_id = s.supplier_id AND p.paid_from >= ? AND p.paid_to <= ? AND p.payer_id IN (SELECT institution_id FROM institutions WHERE area_id IN (SELECT id FROM area_1))) AS "paid", s.supplier_id AS _id, s.source_id || coalesce(',' || (SELECT group_concat(DISTINCT p.source_id) FROM payments p WHERE p.supplier_id = s.supplier_id AND p.paid_from >= ? AND p.paid_to <= ? AND p.payer_id IN (SELECT institution_id FROM institutions WHERE area_id IN (SELECT id FROM area_1))), '') AS _sources FROM suppliers s WHERE (s.redacted = 0 AND s.supplier_id IN (SELECT p.supplier_id FROM payments p WHERE 1 AND p.paid_from >= ? AND p.paid_to <= ? AND p.payer_id IN (SELECT institution_id FROM institutions WHERE area_id IN (SELECT id FROM area_1))))) ORDER BY "payments" DESC, _id LIMIT 3) ORDER BY "payments" DESC, _id
-- parameters
-- ?1 = "E08000032"
-- ?2 = "2019-12-01"
-- ?3 = "2019-12-31"
-- ?4 = "2019-12-01"
-- ?5 = "2019-12-31"
-- ?6 = "2019-12-01"
-- ?7 = "2019-12-31"
-- ?8 = "2019-12-01"
-- ?9 = "2019-12-31"
-- columns: name text, payments count, paid money
-- resolved: council "Bradford" → Bradford (E08000032)
