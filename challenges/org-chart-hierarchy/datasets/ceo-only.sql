INSERT INTO employees (id, name, title, manager_id) VALUES (7, 'Solo', 'Founder & CEO', NULL);
