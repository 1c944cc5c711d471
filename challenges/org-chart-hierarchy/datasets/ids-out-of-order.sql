-- Managers with higher ids than their reports, two people with the same name, and a manager
-- without reports.
INSERT INTO employees (id, name, title, manager_id) VALUES (50, 'Maya', 'CEO', NULL);
INSERT INTO employees (id, name, title, manager_id) VALUES
  (40, 'Sam', 'VP Sales', 50),
  (45, 'Noor', 'VP Engineering', 50);
INSERT INTO employees (id, name, title, manager_id) VALUES
  (10, 'Alex', 'Account Executive', 40),
  (11, 'Alex', 'Staff Engineer', 45),
  (30, 'Priya', 'Engineering Manager', 45);
INSERT INTO employees (id, name, title, manager_id) VALUES
  (1, 'Tom', 'Engineer', 30),
  (2, 'Uma', 'Engineer', 30),
  (3, 'Vic', 'Intern', 11);
