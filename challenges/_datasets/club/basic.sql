-- A small club: four facilities, three members and the guest account, a week of bookings.
INSERT INTO members VALUES
  (0, 'GUEST', 'GUEST', '2024-01-01'),
  (1, 'Smith', 'Darren', '2024-01-02'),
  (2, 'Rownam', 'Tim', '2024-01-05'),
  (3, 'Joplette', 'Janice', '2024-01-09');

INSERT INTO facilities VALUES
  (1, 'Tennis Court 1', 5.00, 25.00, 200.00),
  (2, 'Badminton Court', 0.00, 15.50, 50.00),
  (3, 'Massage Room', 35.00, 80.00, 3000.00),
  (4, 'Squash Court', 3.50, 17.50, 80.00);

INSERT INTO bookings VALUES
  (1, 1, 1, '2024-02-05 09:00', 2),
  (2, 1, 0, '2024-02-05 11:00', 2),
  (3, 2, 2, '2024-02-05 10:00', 3),
  (4, 2, 0, '2024-02-06 10:00', 2),
  (5, 3, 3, '2024-02-06 14:00', 2),
  (6, 3, 0, '2024-02-07 14:00', 1),
  (7, 4, 1, '2024-02-07 18:00', 2),
  (8, 4, 2, '2024-02-08 18:00', 1);
