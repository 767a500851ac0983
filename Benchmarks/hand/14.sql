-- 14: spending by council "Lambeth" during 2012-06 | count
-- council "Lambeth" = institution 1850 (ons E09000022). Lambeth publishes invoice dates only:
-- paid_from..paid_to is the file's approval period, and June 2012 must contain it.
SELECT count(*) AS count
FROM payments
WHERE payer_id = 1850
  AND paid_from BETWEEN '2012-06-01' AND '2012-06-30'
  AND paid_to BETWEEN '2012-06-01' AND '2012-06-30';
