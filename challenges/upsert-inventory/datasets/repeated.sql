-- The same sku on several lines, for existing and new products alike.
INSERT INTO products (sku, name, quantity) VALUES
  ('A-100', 'Hex bolt M6', 40),
  ('A-200', 'Washer 6 mm', 250);
INSERT INTO incoming_stock (line_id, sku, name, quantity) VALUES
  (1, 'A-100', 'Hex bolt M6', 10),
  (2, 'A-100', 'Hex bolt M6', 15),
  (3, 'D-500', 'Shelf bracket', 4),
  (4, 'A-100', 'Hex bolt M6', 1),
  (5, 'D-500', 'Bracket, shelf', 6);
