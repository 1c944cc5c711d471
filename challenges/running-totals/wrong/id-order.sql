-- Typical mistake: accumulating in id order, which is insertion order, not posting order:
-- a back-dated entry changes the balances after its posting date, not after its insertion.
SELECT id, account_id, posted_on, amount,
       SUM(amount) OVER (PARTITION BY account_id ORDER BY id) AS balance
FROM transactions
ORDER BY account_id, posted_on, id;
