-- 10: institutions named "academy" | count
-- named = the normalised name (lower case, punctuation dropped) contains "academy".
SELECT count(*) AS count
FROM institutions
WHERE name_norm LIKE '%academy%';
