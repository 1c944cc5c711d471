-- Ties at third place, at first place, and a three-way tie across the cut.
INSERT INTO categories (id, name) VALUES (1, 'Audio'), (2, 'Video'), (3, 'Toys');

INSERT INTO products (id, category_id, name) VALUES
  (10, 1, 'Amp'), (11, 1, 'Buds'), (13, 1, 'Cable'), (12, 1, 'Dock'), (14, 1, 'Earphones'),
  (22, 2, 'Xenon'), (21, 2, 'Yard'), (23, 2, 'Zoom'),
  (31, 3, 'Puzzle'), (34, 3, 'Quoits'), (32, 3, 'Robot'), (33, 3, 'Spinner');

INSERT INTO orders (id, status) VALUES (1, 'paid'), (2, 'paid'), (3, 'paid'), (4, 'refunded');

INSERT INTO order_items (id, order_id, product_id, quantity, unit_price) VALUES
  -- Audio: Amp 100, Buds 80, Cable 50 and Dock 50 (Dock has the lower id), Earphones 10
  (1, 1, 10, 1, 100.00),
  (2, 1, 11, 2, 40.00),
  (3, 2, 13, 2, 25.00),
  (4, 2, 12, 1, 50.00),
  (5, 3, 14, 1, 10.00),
  -- Video: Xenon 70 and Yard 70 (Yard has the lower id), Zoom 30
  (6, 1, 22, 1, 70.00),
  (7, 2, 21, 7, 10.00),
  (8, 3, 23, 3, 10.00),
  -- Toys: Puzzle 60, then Quoits, Robot and Spinner at 40 each; a refund would otherwise break the tie
  (9, 1, 31, 3, 20.00),
  (10, 2, 34, 4, 10.00),
  (11, 3, 32, 1, 40.00),
  (12, 1, 33, 2, 20.00),
  (13, 4, 34, 1, 5.00);
