-- Mistake: the delivery is applied but the staging table is not emptied, so it would be applied again.
-- It also lets a NULL sum create a product when all of a sku's lines are unreadable.
INSERT INTO products (sku, name, quantity)
SELECT sku, coalesce(min(name), sku), coalesce(sum(quantity), 0)
FROM incoming_stock
GROUP BY sku
ON CONFLICT (sku) DO UPDATE
  SET quantity = products.quantity + EXCLUDED.quantity;
