-- Typical mistake: integer arithmetic. (cents - cents) * 100 / cents truncates to a whole percent
-- before ROUND ever sees it: +33.33 % becomes 33.00, -12.5 % becomes -12.00.
WITH monthly AS (
  SELECT date_trunc('month', ordered_at)::date AS month, SUM(amount_cents) AS revenue_cents
  FROM orders WHERE status = 'paid' GROUP BY 1
),
bounds AS (SELECT MIN(month) AS first_month, MAX(month) AS last_month FROM monthly),
months AS (
  SELECT g::date AS month FROM bounds, generate_series(bounds.first_month, bounds.last_month, interval '1 month') AS g
),
filled AS (
  SELECT m.month, COALESCE(mo.revenue_cents, 0) AS revenue_cents
  FROM months m LEFT JOIN monthly mo ON mo.month = m.month
)
SELECT month,
       revenue_cents,
       ROUND((revenue_cents - LAG(revenue_cents) OVER w) * 100 / NULLIF(LAG(revenue_cents) OVER w, 0), 2) AS pct_change
FROM filled
WINDOW w AS (ORDER BY month)
ORDER BY month;
