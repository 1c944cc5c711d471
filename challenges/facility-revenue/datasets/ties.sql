-- Two pairs of facilities with equal revenues (120.00 and 40.00), revenues of 1 to 3 digits before the point,
-- and names whose alphabetical order is not the revenue order.
INSERT INTO members VALUES
  (0, 'GUEST', 'GUEST', '2024-01-01'),
  (1, 'Baker', 'Tim', '2024-01-02'),
  (2, 'Farrell', 'David', '2024-01-03');

INSERT INTO facilities VALUES
  (1, 'Archery Range', 10.00, 20.00, 100.00),   -- 40.00
  (2, 'Pool Table', 30.00, 60.00, 15.00),       -- 120.00
  (3, 'Yoga Studio', 20.00, 20.00, 40.00),      -- 40.00
  (4, 'Snooker Table', 4.50, 9.00, 15.00),      -- 9.00
  (5, 'Climbing Wall', 40.00, 60.00, 500.00),   -- 120.00
  (6, 'Gym', 25.00, 50.00, 900.00);             -- 100.00

INSERT INTO bookings VALUES
  (1, 1, 1, '2024-02-05 09:00', 2),
  (2, 1, 0, '2024-02-06 09:00', 1),
  (3, 2, 2, '2024-02-05 10:00', 2),
  (4, 2, 0, '2024-02-05 12:00', 1),
  (5, 3, 0, '2024-02-05 08:00', 2),
  (6, 4, 1, '2024-02-07 19:00', 2),
  (7, 5, 1, '2024-02-05 17:00', 3),
  (8, 6, 2, '2024-02-06 07:00', 2),
  (9, 6, 0, '2024-02-08 07:00', 1);
