-- Wrong: the tie-break comes first, so the rows are ordered by name and revenue only breaks name ties.
SELECT f.name,
       COALESCE(SUM(b.slots * CASE WHEN b.memid = 0 THEN f.guestcost ELSE f.membercost END), 0) AS revenue
FROM facilities f
LEFT JOIN bookings b ON b.facid = f.facid
GROUP BY f.facid, f.name
ORDER BY f.name, revenue DESC;
