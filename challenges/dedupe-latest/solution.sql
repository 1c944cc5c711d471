-- 1. Keep, per (account_id, email), the most recently updated row; on a tie, the highest id.
DELETE FROM contacts c
USING (
  SELECT id,
         ROW_NUMBER() OVER (PARTITION BY account_id, email ORDER BY updated_at DESC, id DESC) AS rn
  FROM contacts
) ranked
WHERE ranked.id = c.id
  AND ranked.rn > 1;

-- 2. Make sure it cannot happen again.
ALTER TABLE contacts ADD CONSTRAINT contacts_account_email_key UNIQUE (account_id, email);
