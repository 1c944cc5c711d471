-- A company that has not hired anyone yet: one row, NULL.
SELECT 1 WHERE false;
