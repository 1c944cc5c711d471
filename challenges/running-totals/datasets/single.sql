INSERT INTO accounts (id, owner) VALUES (1, 'Hana'), (2, 'Ivan');
INSERT INTO transactions (id, account_id, posted_on, amount) VALUES (42, 2, '2023-12-31', -19.99);
