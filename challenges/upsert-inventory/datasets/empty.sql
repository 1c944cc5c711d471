-- An empty delivery: nothing changes.
INSERT INTO products (sku, name, quantity) VALUES
  ('A-100', 'Hex bolt M6', 40),
  ('B-300', 'Hinge',       0);
