-- Typical mistake: deleting every row of a duplicated key, including the one that should be kept.
DELETE FROM contacts
WHERE (account_id, email) IN (
  SELECT account_id, email
  FROM contacts
  GROUP BY account_id, email
  HAVING COUNT(*) > 1
);

ALTER TABLE contacts ADD CONSTRAINT contacts_account_email_key UNIQUE (account_id, email);
