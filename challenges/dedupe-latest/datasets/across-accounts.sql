-- The same email in different accounts is not a duplicate; the latest row can have the lowest id.
INSERT INTO contacts (id, account_id, email, name, updated_at) VALUES
  (10, 1, 'hana@example.com', 'Hana (latest)', '2024-03-09 10:00:00'),
  (11, 2, 'hana@example.com', 'Hana at Acme', '2024-03-01 10:00:00'),
  (12, 1, 'hana@example.com', 'Hana', '2024-03-02 10:00:00'),
  (13, 3, 'hana@example.com', 'Hana at Initech', '2024-02-01 10:00:00'),
  (14, 2, 'ivan@example.com', 'Ivan', '2024-03-01 10:00:00'),
  (15, 2, 'ivan@example.com', 'Ivan P.', '2024-03-01 10:00:01'),
  (16, 3, 'ivan@example.com', 'Ivan', '2024-01-01 00:00:00');
