-- Accounts exist, nothing has been posted yet.
INSERT INTO accounts (id, owner) VALUES (1, 'Jun'), (2, 'Kofi');
