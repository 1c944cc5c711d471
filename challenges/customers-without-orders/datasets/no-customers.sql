-- Only guest checkouts, no registered customers.
INSERT INTO orders (id, customer_id, total, placed_at) VALUES
  (1, NULL, 15.00, '2024-05-01 10:00:00');
