-- Mistakes: when there is no second salary the query returns no row at all, and NULL salaries take
-- rank 1 because NULLs sort first under DESC.
SELECT DISTINCT salary AS second_highest_salary
FROM (
  SELECT salary, dense_rank() OVER (ORDER BY salary DESC) AS rnk
  FROM employees
) ranked
WHERE rnk = 2;
