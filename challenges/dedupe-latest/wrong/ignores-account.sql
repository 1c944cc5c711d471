-- Typical mistake: the natural key is (account_id, email), not email alone: the same person in two
-- customer accounts is two contacts.
DELETE FROM contacts c
USING (
  SELECT id, ROW_NUMBER() OVER (PARTITION BY email ORDER BY updated_at DESC, id DESC) AS rn
  FROM contacts
) ranked
WHERE ranked.id = c.id AND ranked.rn > 1;

ALTER TABLE contacts ADD CONSTRAINT contacts_account_email_key UNIQUE (account_id, email);
