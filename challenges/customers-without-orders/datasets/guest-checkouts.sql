-- Guest checkouts have no customer: orders.customer_id is NULL.
INSERT INTO customers (id, name, email) VALUES
  (1, 'Eva Novak', 'eva@example.com'),
  (2, 'Femi Adeyemi', 'femi@example.com'),
  (3, 'Gia Rossi', 'gia@example.com'),
  (4, 'Hugo Brun', 'hugo@example.com'),
  (5, 'Isla Reid', 'isla@example.com');

INSERT INTO orders (id, customer_id, total, placed_at) VALUES
  (1, 2, 40.00, '2024-03-01 10:00:00'),
  (2, NULL, 12.00, '2024-03-01 11:00:00'),
  (3, 4, 8.75, '2024-03-02 12:00:00'),
  (4, NULL, 60.00, '2024-03-03 13:00:00'),
  (5, 2, 5.00, '2024-03-04 14:00:00');
