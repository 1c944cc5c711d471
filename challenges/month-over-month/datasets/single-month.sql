INSERT INTO orders (id, ordered_at, amount_cents, status) VALUES
  (1, '2024-07-01 00:00:00', 1999, 'paid'),
  (2, '2024-07-31 23:59:59', 1, 'paid');
