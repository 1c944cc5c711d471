-- Typical mistake: the anchor starts counting at 1, so the CEO is at depth 1 and everyone is one too deep.
WITH RECURSIVE chart AS (
  SELECT id, name, 1 AS depth, name AS chain
  FROM employees
  WHERE manager_id IS NULL
  UNION ALL
  SELECT e.id, e.name, c.depth + 1, c.chain || ' > ' || e.name
  FROM employees e
  JOIN chart c ON e.manager_id = c.id
)
SELECT id, name, depth, chain
FROM chart;
