-- Orders exist but every one was cancelled: no month has paid revenue, the report is empty.
INSERT INTO orders (id, ordered_at, amount_cents, status) VALUES
  (1, '2024-01-15 10:00:00', 5000, 'cancelled'),
  (2, '2024-03-15 10:00:00', 6000, 'cancelled');
