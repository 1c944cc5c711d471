-- Facilities and members, but not a single booking yet: every facility earns 0.
INSERT INTO members VALUES (0, 'GUEST', 'GUEST', '2024-01-01');
INSERT INTO facilities VALUES
  (1, 'Tennis Court 1', 5.00, 25.00, 200.00),
  (2, 'Massage Room', 35.00, 80.00, 3000.00);
