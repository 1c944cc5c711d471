-- A first delivery into an empty warehouse.
INSERT INTO incoming_stock (line_id, sku, name, quantity) VALUES
  (1, 'Z-1', 'Anchor',   30),
  (2, 'Y-2', 'Bracket',  1),
  (3, 'X-3', 'Clamp',    7),
  (4, 'Z-1', 'Anchor',   5);
