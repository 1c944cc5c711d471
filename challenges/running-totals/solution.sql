SELECT id,
       account_id,
       posted_on,
       amount,
       SUM(amount) OVER (
         PARTITION BY account_id
         ORDER BY posted_on, id
         ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
       ) AS balance
FROM transactions
ORDER BY account_id, posted_on, id;
