-- No duplicates: nothing is deleted.
INSERT INTO contacts (id, account_id, email, name, updated_at) VALUES
  (1, 1, 'jun@example.com', 'Jun', '2024-04-01 10:00:00'),
  (2, 1, 'kofi@example.com', NULL, '2024-04-02 10:00:00'),
  (3, 2, 'jun@example.com', 'Jun', '2024-04-03 10:00:00');
