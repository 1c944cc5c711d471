-- Mistake: "second highest" read as "highest below the average", which happens to work on the sample.
SELECT max(salary) AS second_highest_salary
FROM employees
WHERE salary < (SELECT max(salary) FROM employees)
  AND salary > (SELECT avg(salary) FROM employees);
