-- Duplicates updated at the very same instant: the highest id wins. A group of three with two tied
-- at the top, and a tie below the latest row.
INSERT INTO contacts (id, account_id, email, name, updated_at) VALUES
  (1, 1, 'dana@example.com', 'Dana (import)', '2024-02-01 12:00:00'),
  (2, 1, 'dana@example.com', 'Dana (crm)', '2024-02-01 12:00:00'),
  (3, 1, 'eli@example.com', 'Eli', '2024-02-03 08:00:00'),
  (4, 1, 'eli@example.com', 'Eli R.', '2024-02-03 08:00:00'),
  (5, 1, 'eli@example.com', 'Eli Rossi', '2024-02-01 08:00:00'),
  (6, 1, 'fay@example.com', NULL, '2024-02-02 08:00:00'),
  (7, 1, 'fay@example.com', 'Fay', '2024-02-02 08:00:00'),
  (8, 1, 'fay@example.com', 'Fay M.', '2024-02-04 08:00:00'),
  (9, 1, 'gus@example.com', 'Gus', '2024-02-05 08:00:00');
