-- Equally long streaks: the earliest one is reported.
INSERT INTO users (id, username) VALUES (1, 'kai'), (2, 'lea'), (3, 'mo');

INSERT INTO logins (id, user_id, logged_in_at) VALUES
  -- kai: Jan 10-12 (inserted first) and Jan 1-3, both 3 days: Jan 1-3 wins
  (1, 1, '2024-01-10 09:00:00'),
  (2, 1, '2024-01-11 09:00:00'),
  (3, 1, '2024-01-12 09:00:00'),
  (4, 1, '2024-01-01 09:00:00'),
  (5, 1, '2024-01-02 09:00:00'),
  (6, 1, '2024-01-03 09:00:00'),
  -- lea: Jan 1-2, then Jan 5-7 which is longer
  (7, 2, '2024-01-01 09:00:00'),
  (8, 2, '2024-01-02 09:00:00'),
  (9, 2, '2024-01-05 09:00:00'),
  (10, 2, '2024-01-06 09:00:00'),
  (11, 2, '2024-01-07 09:00:00'),
  -- mo: isolated days only, several logins on the later ones
  (12, 3, '2024-01-20 09:00:00'),
  (13, 3, '2024-01-20 10:00:00'),
  (14, 3, '2024-01-15 09:00:00'),
  (15, 3, '2024-01-25 09:00:00'),
  (16, 3, '2024-01-25 19:00:00');
