-- Fresh sign-ups: users but no logins at all.
INSERT INTO users (id, username) VALUES (1, 'nia'), (2, 'oscar');
