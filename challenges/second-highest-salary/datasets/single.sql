-- Everybody earns the same: there is no second highest salary.
INSERT INTO employees (id, name, department, salary) VALUES
  (1, 'Lena', 'Engineering', 75000.00),
  (2, 'Moe',  'Sales',       75000.00),
  (3, 'Nia',  'Support',     75000.00);
