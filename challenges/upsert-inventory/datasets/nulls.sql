-- Unreadable quantities are skipped; a sku whose only lines are unreadable is not created.
INSERT INTO products (sku, name, quantity) VALUES
  ('A-100', 'Hex bolt M6', 40);
INSERT INTO incoming_stock (line_id, sku, name, quantity) VALUES
  (1, 'A-100', NULL,          NULL),
  (2, 'A-100', 'Hex bolt M6', 5),
  (3, 'E-600', 'Cable tie',   NULL),
  (4, 'F-700', NULL,          8),
  (5, 'F-700', 'Spring',      2);
