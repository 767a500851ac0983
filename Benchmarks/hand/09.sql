-- 09: budgets during fy 2017/18 | total amount by kind | chart
-- fy 2017/18 = fy_start 2017; "kind" is the kind of the authority (institutions.kind), not the
-- budget/outturn basis. The chart is formatting only: the rows are kind and total, by kind.
SELECT i.kind, sum(b.amount_pence) AS total
FROM budgets b
JOIN institutions i ON i.institution_id = b.institution_id
WHERE b.fy_start = 2017
GROUP BY i.kind
ORDER BY i.kind;
