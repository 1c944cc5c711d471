INSERT INTO categories (id, name) VALUES (1, 'Books'), (2, 'Games');

INSERT INTO products (id, category_id, name) VALUES
  (1, 1, 'Dune'), (2, 1, 'Emma'), (3, 1, 'Ulysses'), (4, 1, 'Walden'),
  (5, 2, 'Chess'), (6, 2, 'Go'), (7, 2, 'Catan');

INSERT INTO orders (id, status) VALUES
  (1, 'paid'), (2, 'paid'), (3, 'paid'), (4, 'paid'), (5, 'refunded');

INSERT INTO order_items (id, order_id, product_id, quantity, unit_price) VALUES
  (1, 1, 1, 2, 12.50),
  (2, 1, 2, 1, 9.99),
  (3, 2, 3, 1, 30.00),
  (4, 2, 4, 3, 4.00),
  (5, 3, 5, 1, 45.00),
  (6, 3, 6, 2, 20.00),
  (7, 4, 7, 1, 55.00),
  (8, 4, 1, 1, 12.50),
  (9, 5, 2, 5, 9.99);
