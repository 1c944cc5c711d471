-- Offers under negotiation (NULL salary) are not salaries: the answer is 64000.00.
INSERT INTO employees (id, name, department, salary) VALUES
  (1, 'Omar',  'Engineering', NULL),
  (2, 'Pia',   'Engineering', 99000.00),
  (3, 'Quinn', NULL,          64000.00),
  (4, 'Rosa',  'Sales',       NULL),
  (5, 'Sami',  'Support',     30500.25);
