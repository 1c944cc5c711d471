-- Typical mistake: a single self-join sees only one level of management, so anyone below the
-- CEO's direct reports gets depth 1 and a two-name chain.
SELECT e.id,
       e.name,
       CASE WHEN m.id IS NULL THEN 0 ELSE 1 END AS depth,
       CASE WHEN m.id IS NULL THEN e.name ELSE m.name || ' > ' || e.name END AS chain
FROM employees e
LEFT JOIN employees m ON m.id = e.manager_id;
