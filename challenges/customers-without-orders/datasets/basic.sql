INSERT INTO customers (id, name, email) VALUES
  (1, 'Ana Lima', 'ana@example.com'),
  (2, 'Ben Okafor', 'ben@example.com'),
  (3, 'Chloe Martin', 'chloe@example.com'),
  (4, 'Dev Patel', 'dev@example.com');

INSERT INTO orders (id, customer_id, total, placed_at) VALUES
  (1, 1, 25.00, '2024-02-01 10:00:00'),
  (2, 1, 14.50, '2024-02-03 16:20:00'),
  (3, 3, 99.90, '2024-02-04 09:05:00');
