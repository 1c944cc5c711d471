WITH product_revenue AS (
  SELECT p.category_id,
         p.id   AS product_id,
         p.name AS product,
         SUM(oi.quantity * oi.unit_price) AS revenue
  FROM order_items oi
  JOIN orders o   ON o.id = oi.order_id AND o.status = 'paid'
  JOIN products p ON p.id = oi.product_id
  GROUP BY p.category_id, p.id, p.name
),
ranked AS (
  SELECT pr.*,
         ROW_NUMBER() OVER (PARTITION BY pr.category_id ORDER BY pr.revenue DESC, pr.product_id) AS rank_in_category
  FROM product_revenue pr
)
SELECT c.name AS category,
       r.product_id,
       r.product,
       r.revenue,
       r.rank_in_category
FROM ranked r
JOIN categories c ON c.id = r.category_id
WHERE r.rank_in_category <= 3
ORDER BY c.name, r.rank_in_category;
