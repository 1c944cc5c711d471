-- Typical mistake: ORDER BY posted_on alone uses the default RANGE frame, so every transaction of the
-- same day gets that whole day's closing balance instead of its own running balance.
SELECT id, account_id, posted_on, amount,
       SUM(amount) OVER (PARTITION BY account_id ORDER BY posted_on) AS balance
FROM transactions
ORDER BY account_id, posted_on, id;
