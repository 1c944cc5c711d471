-- Mistakes: ties on the top salary are counted as different salaries, an empty table returns no row
-- instead of NULL, and NULL salaries sort first under DESC.
SELECT salary AS second_highest_salary
FROM employees
ORDER BY salary DESC
OFFSET 1
LIMIT 1;
