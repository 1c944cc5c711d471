-- A chain of 40 managers below the CEO, each with one extra report on the side.
INSERT INTO employees (id, name, title, manager_id) VALUES (1, 'Root', 'CEO', NULL);

INSERT INTO employees (id, name, title, manager_id)
SELECT g, 'M' || g, 'Manager', g - 1
FROM generate_series(2, 41) AS g;

INSERT INTO employees (id, name, title, manager_id)
SELECT 100 + g, 'IC' || g, 'Engineer', g
FROM generate_series(1, 41, 5) AS g;
