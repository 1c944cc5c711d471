-- Facilities nobody booked (revenue 0), one booked only by guests.
INSERT INTO members VALUES
  (0, 'GUEST', 'GUEST', '2024-01-01'),
  (1, 'Smith', 'Darren', '2024-01-02');

INSERT INTO facilities VALUES
  (1, 'Tennis Court 1', 5.00, 25.00, 200.00),
  (2, 'Tennis Court 2', 5.00, 25.00, 200.00),
  (3, 'Badminton Court', 0.00, 15.50, 50.00),
  (4, 'Table Tennis', 0.00, 5.00, 10.00),
  (5, 'Squash Court', 3.50, 17.50, 80.00);

INSERT INTO bookings VALUES
  (1, 3, 0, '2024-02-05 10:00', 3),
  (2, 5, 1, '2024-02-05 18:00', 2),
  (3, 5, 0, '2024-02-06 18:00', 1);
