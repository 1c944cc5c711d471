-- A month without orders and a month with only cancelled orders, both inside the range; trailing
-- and leading cancelled orders do not widen it.
INSERT INTO orders (id, ordered_at, amount_cents, status) VALUES
  (1, '2023-09-30 12:00:00', 7000, 'cancelled'),
  (2, '2023-10-03 12:00:00', 12000, 'paid'),
  (3, '2023-10-28 12:00:00', 3000, 'paid'),
  -- November 2023: nothing
  (4, '2023-12-24 12:00:00', 9900, 'cancelled'),
  (5, '2024-01-02 12:00:00', 4500, 'paid'),
  (6, '2024-02-11 12:00:00', 4500, 'paid'),
  (7, '2024-02-12 12:00:00', 1500, 'paid'),
  (8, '2024-03-01 00:00:00', 2500, 'cancelled');
