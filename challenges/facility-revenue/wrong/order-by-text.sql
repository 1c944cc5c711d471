-- Wrong: orders by the revenue's text, so '9.00' comes before '120.00'.
SELECT name, revenue
FROM (
  SELECT f.name,
         COALESCE(SUM(b.slots * CASE WHEN b.memid = 0 THEN f.guestcost ELSE f.membercost END), 0) AS revenue
  FROM facilities f
  LEFT JOIN bookings b ON b.facid = f.facid
  GROUP BY f.facid, f.name
) r
ORDER BY revenue::text DESC;
