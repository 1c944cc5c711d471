-- Typical mistake: an inner join keeps only customers that have a matching order, so the IS NULL filter
-- can never match.
SELECT c.id, c.name, c.email
FROM customers c
JOIN orders o ON o.customer_id = c.id
WHERE o.id IS NULL;
