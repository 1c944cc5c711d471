-- Running balance per account, in posting order (posted_on, then id).
-- Columns: id, account_id, posted_on, amount, balance
SELECT id, account_id, posted_on, amount
FROM transactions
ORDER BY account_id, posted_on, id;
