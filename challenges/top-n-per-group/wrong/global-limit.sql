-- Typical mistake: LIMIT applies to the whole result, not to each category.
SELECT c.name AS category,
       p.id   AS product_id,
       p.name AS product,
       SUM(oi.quantity * oi.unit_price) AS revenue,
       ROW_NUMBER() OVER (PARTITION BY c.id ORDER BY SUM(oi.quantity * oi.unit_price) DESC, p.id) AS rank_in_category
FROM order_items oi
JOIN orders o     ON o.id = oi.order_id AND o.status = 'paid'
JOIN products p   ON p.id = oi.product_id
JOIN categories c ON c.id = p.category_id
GROUP BY c.id, c.name, p.id, p.name
ORDER BY category, rank_in_category
LIMIT 3;
