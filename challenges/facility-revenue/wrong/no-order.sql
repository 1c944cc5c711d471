-- Wrong: the right rows, but no ORDER BY: the rows come in whatever order the aggregation leaves them.
SELECT f.name,
       COALESCE(SUM(b.slots * CASE WHEN b.memid = 0 THEN f.guestcost ELSE f.membercost END), 0) AS revenue
FROM facilities f
LEFT JOIN bookings b ON b.facid = f.facid
GROUP BY f.facid, f.name;
