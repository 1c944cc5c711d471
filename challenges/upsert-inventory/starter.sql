-- Apply incoming_stock to products, then empty incoming_stock.
-- Several statements are allowed; they run in order.
SELECT 1;
