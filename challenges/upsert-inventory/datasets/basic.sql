INSERT INTO products (sku, name, quantity) VALUES
  ('A-100', 'Hex bolt M6', 40),
  ('A-200', 'Washer 6 mm', 250),
  ('B-300', 'Hinge',       3);
INSERT INTO incoming_stock (line_id, sku, name, quantity) VALUES
  (1, 'A-100', 'Hex bolt M6', 60),
  (2, 'C-400', 'Door handle', 12);
