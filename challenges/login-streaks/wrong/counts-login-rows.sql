-- Typical mistake: the islands are right (DENSE_RANK copes with repeated days) but the length counts
-- login rows, so three logins on one day make a "three-day" streak.
WITH islands AS (
  SELECT user_id,
         logged_in_at::date AS day,
         logged_in_at::date - (DENSE_RANK() OVER (PARTITION BY user_id ORDER BY logged_in_at::date))::integer AS anchor
  FROM logins
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
SELECT u.id AS user_id, u.username, COALESCE(l.days, 0) AS longest_streak, l.streak_start, l.streak_end
FROM users u
LEFT JOIN longest l ON l.user_id = u.id;
