-- Typical mistake: a self-join on "a newer row exists" without the id tie-break keeps every row that
-- shares the latest timestamp, and the unique constraint then fails.
DELETE FROM contacts a
USING contacts b
WHERE a.account_id = b.account_id
  AND a.email = b.email
  AND a.updated_at < b.updated_at;

ALTER TABLE contacts ADD CONSTRAINT contacts_account_email_key UNIQUE (account_id, email);
