INSERT INTO accounts (id, owner) VALUES (1, 'Ada'), (2, 'Brian');

INSERT INTO transactions (id, account_id, posted_on, amount) VALUES
  (1, 1, '2024-03-01', 100.00),
  (2, 2, '2024-03-01', 250.00),
  (3, 1, '2024-03-02', -30.50),
  (4, 1, '2024-03-05', 12.25),
  (5, 2, '2024-03-07', -100.00),
  (6, 2, '2024-03-09', 40.00);
