-- Customers who have never placed an order.
-- Columns: id, name, email
SELECT c.id, c.name, c.email
FROM customers c;
