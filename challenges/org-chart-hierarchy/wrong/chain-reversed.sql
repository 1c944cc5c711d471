-- Typical mistake: prepending instead of appending builds the chain from the employee up to the CEO.
WITH RECURSIVE chart AS (
  SELECT id, name, 0 AS depth, name AS chain
  FROM employees
  WHERE manager_id IS NULL
  UNION ALL
  SELECT e.id, e.name, c.depth + 1, e.name || ' > ' || c.chain
  FROM employees e
  JOIN chart c ON e.manager_id = c.id
)
SELECT id, name, depth, chain
FROM chart;
