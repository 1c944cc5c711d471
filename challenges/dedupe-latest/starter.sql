-- 1. Delete duplicate contacts, keeping the latest row of each (account_id, email).
DELETE FROM contacts
WHERE false;  -- replace with your condition

-- 2. Add a unique constraint on (account_id, email).
