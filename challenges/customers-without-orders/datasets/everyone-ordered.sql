-- Every customer ordered, and there are guest checkouts too: the result is empty.
INSERT INTO customers (id, name, email) VALUES
  (1, 'Mia Wong', 'mia@example.com'),
  (2, 'Noah Berg', 'noah@example.com');

INSERT INTO orders (id, customer_id, total, placed_at) VALUES
  (1, 2, 10.00, '2024-04-01 10:00:00'),
  (2, 1, 20.00, '2024-04-02 10:00:00'),
  (3, NULL, 30.00, '2024-04-03 10:00:00');
