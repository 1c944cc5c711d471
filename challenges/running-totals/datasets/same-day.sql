-- Several transactions on one day: each has its own balance, in id order within the day.
INSERT INTO accounts (id, owner) VALUES (1, 'Chen'), (2, 'Dana'), (3, 'Emeka');

INSERT INTO transactions (id, account_id, posted_on, amount) VALUES
  (1, 1, '2024-04-01', 500.00),
  (2, 1, '2024-04-01', -120.00),
  (3, 1, '2024-04-01', -80.00),
  (4, 2, '2024-04-01', 75.00),
  (5, 1, '2024-04-02', 10.00),
  (6, 2, '2024-04-03', -25.00),
  (7, 2, '2024-04-03', -25.00),
  (8, 2, '2024-04-03', 100.00),
  (9, 3, '2024-04-03', 0.00),
  (10, 1, '2024-04-04', -310.00),
  (11, 1, '2024-04-04', 1.99);
