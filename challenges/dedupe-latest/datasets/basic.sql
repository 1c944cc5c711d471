INSERT INTO contacts (id, account_id, email, name, updated_at) VALUES
  (1, 1, 'ana@example.com', 'Ana', '2024-01-01 09:00:00'),
  (2, 1, 'ben@example.com', 'Ben', '2024-01-02 09:00:00'),
  (3, 1, 'ana@example.com', 'Ana Lima', '2024-01-05 09:00:00'),
  (4, 1, 'ben@example.com', 'Benjamin', '2024-01-01 08:00:00'),
  (5, 1, 'cy@example.com', 'Cy', '2024-01-03 09:00:00');
