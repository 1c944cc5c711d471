-- Entries inserted late with an earlier posting date: balances follow posted_on, not id.
INSERT INTO accounts (id, owner) VALUES (7, 'Farah'), (3, 'Goran');

INSERT INTO transactions (id, account_id, posted_on, amount) VALUES
  (101, 7, '2024-05-10', 1000.00),
  (102, 7, '2024-05-12', -200.00),
  (103, 3, '2024-05-12', 60.00),
  (104, 7, '2024-05-11', -50.00),
  (105, 7, '2024-05-01', 20.00),
  (106, 3, '2024-05-12', -60.00),
  (107, 3, '2024-04-30', 5.55),
  (108, 7, '2024-05-12', 30.00);
