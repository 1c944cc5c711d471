-- Wrong: an inner join drops the facilities nobody booked instead of listing them with 0.
SELECT f.name,
       SUM(b.slots * CASE WHEN b.memid = 0 THEN f.guestcost ELSE f.membercost END) AS revenue
FROM facilities f
JOIN bookings b ON b.facid = f.facid
GROUP BY f.facid, f.name
ORDER BY revenue DESC;
