-- A category with one sold product, one whose only sales were refunded, one with no products at all,
-- and products that never sold.
INSERT INTO categories (id, name) VALUES (1, 'Garden'), (2, 'Kitchen'), (3, 'Office'), (4, 'Pets');

INSERT INTO products (id, category_id, name) VALUES
  (1, 1, 'Hose'), (2, 1, 'Rake'),
  (3, 2, 'Kettle'), (4, 2, 'Whisk'),
  (5, 3, 'Stapler'), (6, 3, 'Lamp'), (7, 3, 'Chair'), (8, 3, 'Desk');

INSERT INTO orders (id, status) VALUES (1, 'paid'), (2, 'refunded'), (3, 'paid');

INSERT INTO order_items (id, order_id, product_id, quantity, unit_price) VALUES
  (1, 1, 1, 1, 19.90),
  (2, 2, 3, 2, 35.00),
  (3, 2, 4, 1, 7.50),
  (4, 1, 5, 1, 8.00),
  (5, 3, 5, 1, 8.00),
  (6, 3, 6, 1, 0.00),
  (7, 3, 7, 1, 149.00),
  (8, 2, 8, 1, 399.00),
  (9, 3, 8, 1, 10.00);
