-- Typical mistake: NOT IN over a column that holds NULLs. `x NOT IN (..., NULL)` is never true,
-- so a single guest checkout empties the result.
SELECT c.id, c.name, c.email
FROM customers c
WHERE c.id NOT IN (SELECT o.customer_id FROM orders o);
