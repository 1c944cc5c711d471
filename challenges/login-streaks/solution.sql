WITH login_days AS (
  SELECT DISTINCT user_id, logged_in_at::date AS day
  FROM logins
),
islands AS (
  -- Consecutive days minus their position in the user's sequence give the same anchor date.
  SELECT user_id,
         day,
         day - (ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY day))::integer AS anchor
  FROM login_days
),
streaks AS (
  SELECT user_id, MIN(day) AS streak_start, MAX(day) AS streak_end, COUNT(*)::integer AS days
  FROM islands
  GROUP BY user_id, anchor
),
longest AS (
  SELECT DISTINCT ON (user_id) user_id, days, streak_start, streak_end
  FROM streaks
  ORDER BY user_id, days DESC, streak_start
)
SELECT u.id AS user_id,
       u.username,
       COALESCE(l.days, 0) AS longest_streak,
       l.streak_start,
       l.streak_end
FROM users u
LEFT JOIN longest l ON l.user_id = u.id;
