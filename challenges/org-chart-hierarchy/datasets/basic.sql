INSERT INTO employees (id, name, title, manager_id) VALUES
  (1, 'Grace', 'CEO', NULL),
  (2, 'Alan', 'CTO', 1),
  (3, 'Ada', 'CFO', 1),
  (4, 'Linus', 'Engineering Manager', 2),
  (5, 'Barbara', 'Accountant', 3);
