WITH RECURSIVE chart AS (
  SELECT id, name, 0 AS depth, name AS chain
  FROM employees
  WHERE manager_id IS NULL

  UNION ALL

  SELECT e.id, e.name, c.depth + 1, c.chain || ' > ' || e.name
  FROM employees e
  JOIN chart c ON e.manager_id = c.id
)
SELECT id, name, depth, chain
FROM chart;
