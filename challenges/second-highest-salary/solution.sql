-- The outer SELECT always returns exactly one row: NULL when the subquery finds nothing.
SELECT (
  SELECT DISTINCT salary
  FROM employees
  WHERE salary IS NOT NULL
  ORDER BY salary DESC
  OFFSET 1
  LIMIT 1
) AS second_highest_salary;
