-- Typical mistake: the sort direction is inverted, so the oldest row of each group survives.
DELETE FROM contacts c
USING (
  SELECT id, ROW_NUMBER() OVER (PARTITION BY account_id, email ORDER BY updated_at, id) AS rn
  FROM contacts
) ranked
WHERE ranked.id = c.id AND ranked.rn > 1;

ALTER TABLE contacts ADD CONSTRAINT contacts_account_email_key UNIQUE (account_id, email);
