-- Typical mistake: starting from logins (an inner join) loses the users who never logged in.
WITH login_days AS (
  SELECT DISTINCT user_id, logged_in_at::date AS day FROM logins
),
islands AS (
  SELECT user_id, day, day - (ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY day))::integer AS anchor
  FROM login_days
),
streaks AS (
  SELECT user_id, MIN(day) AS streak_start, MAX(day) AS streak_end, COUNT(*)::integer AS days
  FROM islands
  GROUP BY user_id, anchor
)
SELECT DISTINCT ON (s.user_id) s.user_id, u.username, s.days AS longest_streak, s.streak_start, s.streak_end
FROM streaks s
JOIN users u ON u.id = s.user_id
ORDER BY s.user_id, s.days DESC, s.streak_start;
