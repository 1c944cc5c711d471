-- Five employees, five different salaries: the answer is 95000.00.
INSERT INTO employees (id, name, department, salary) VALUES
  (1, 'Ada',    'Engineering', 120000.00),
  (2, 'Brahim', 'Engineering',  95000.00),
  (3, 'Chen',   'Sales',        70000.00),
  (4, 'Dora',   'Support',      52000.00),
  (5, 'Emeka',  'Sales',        61000.50);
