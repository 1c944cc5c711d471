-- Typical mistake: grouping only produces months that have paid orders, so a quiet month is missing
-- and the next month is compared with the month before the gap.
WITH monthly AS (
  SELECT date_trunc('month', ordered_at)::date AS month, SUM(amount_cents) AS revenue_cents
  FROM orders WHERE status = 'paid' GROUP BY 1
)
SELECT month,
       revenue_cents,
       ROUND((revenue_cents - LAG(revenue_cents) OVER w) * 100.0 / NULLIF(LAG(revenue_cents) OVER w, 0), 2) AS pct_change
FROM monthly
WINDOW w AS (ORDER BY month)
ORDER BY month;
