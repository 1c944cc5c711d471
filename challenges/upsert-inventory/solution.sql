-- Aggregate first: ON CONFLICT DO UPDATE cannot touch the same row twice in one statement.
INSERT INTO products (sku, name, quantity)
SELECT sku, coalesce(min(name), sku), sum(quantity)
FROM incoming_stock
WHERE quantity IS NOT NULL
GROUP BY sku
ON CONFLICT (sku) DO UPDATE
  SET quantity = products.quantity + EXCLUDED.quantity;

DELETE FROM incoming_stock;
