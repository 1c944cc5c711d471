-- LEFT JOIN keeps facilities without bookings; COALESCE turns their NULL sum into 0.
SELECT f.name,
       COALESCE(SUM(b.slots * CASE WHEN b.memid = 0 THEN f.guestcost ELSE f.membercost END), 0) AS revenue
FROM facilities f
LEFT JOIN bookings b ON b.facid = f.facid
GROUP BY f.facid, f.name
ORDER BY revenue DESC;
