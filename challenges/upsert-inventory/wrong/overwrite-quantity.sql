-- Mistake: the delivery replaces the stock instead of adding to it.
INSERT INTO products (sku, name, quantity)
SELECT sku, coalesce(min(name), sku), sum(quantity)
FROM incoming_stock
WHERE quantity IS NOT NULL
GROUP BY sku
ON CONFLICT (sku) DO UPDATE
  SET quantity = EXCLUDED.quantity;

DELETE FROM incoming_stock;
