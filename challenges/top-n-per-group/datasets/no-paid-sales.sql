-- Products and orders exist, but every order was refunded: the report is empty.
INSERT INTO categories (id, name) VALUES (1, 'Music');
INSERT INTO products (id, category_id, name) VALUES (1, 1, 'Guitar'), (2, 1, 'Drum');
INSERT INTO orders (id, status) VALUES (1, 'refunded');
INSERT INTO order_items (id, order_id, product_id, quantity, unit_price) VALUES (1, 1, 1, 1, 300.00);
