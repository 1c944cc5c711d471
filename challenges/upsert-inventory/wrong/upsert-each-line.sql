-- Mistake: one upsert row per delivery line. A sku on two lines makes ON CONFLICT DO UPDATE touch the
-- same row twice (an error), and an unreadable quantity violates NOT NULL.
INSERT INTO products (sku, name, quantity)
SELECT sku, coalesce(name, sku), quantity
FROM incoming_stock
ON CONFLICT (sku) DO UPDATE
  SET quantity = products.quantity + EXCLUDED.quantity;

DELETE FROM incoming_stock;
