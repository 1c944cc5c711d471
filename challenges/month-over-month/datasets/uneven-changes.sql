-- Changes that are not whole percentages, a drop to zero (-100 %) and a year boundary.
INSERT INTO orders (id, ordered_at, amount_cents, status) VALUES
  (1, '2023-11-10 08:00:00', 30000, 'paid'),
  (2, '2023-12-10 08:00:00', 40000, 'paid'),
  (3, '2024-01-10 08:00:00', 35000, 'paid'),
  (4, '2024-02-10 08:00:00', 0, 'paid'),
  (5, '2024-03-10 08:00:00', 701, 'paid'),
  (6, '2024-04-10 08:00:00', 700, 'paid'),
  (7, '2024-05-10 08:00:00', 2099, 'paid');
