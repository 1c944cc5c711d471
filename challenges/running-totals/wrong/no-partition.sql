-- Typical mistake: no PARTITION BY, so one running total carries over from one account into the next.
SELECT id, account_id, posted_on, amount,
       SUM(amount) OVER (ORDER BY account_id, posted_on, id) AS balance
FROM transactions
ORDER BY account_id, posted_on, id;
