-- 20: council "Birmingham" | show name, budget, spent
-- council "Birmingham" = Birmingham City Council, institution 2224 (ons E08000025).
-- budget = all its budget lines (here the 2017/18 outturn); spent = all its payments (none are
-- loaded on the national database, so 0).
SELECT i.name,
       (SELECT coalesce(sum(amount_pence), 0) FROM budgets WHERE institution_id = i.institution_id) AS budget,
       (SELECT coalesce(sum(amount_pence), 0) FROM payments WHERE payer_id = i.institution_id) AS spent
FROM institutions i
WHERE i.institution_id = 2224;
