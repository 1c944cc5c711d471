-- The top salary is shared by three people and the second one by two: the answer is 88000.00, once.
INSERT INTO employees (id, name, department, salary) VALUES
  (1, 'Farah',  'Engineering', 140000.00),
  (2, 'Gus',    'Engineering', 140000.00),
  (3, 'Hana',   'Finance',     140000.00),
  (4, 'Ivo',    'Sales',        88000.00),
  (5, 'Jana',   'Support',      88000.00),
  (6, 'Kwame',  'Support',      41000.00);
