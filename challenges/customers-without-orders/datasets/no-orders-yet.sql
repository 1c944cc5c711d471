-- The shop just opened: customers signed up, no orders yet.
INSERT INTO customers (id, name, email) VALUES
  (7, 'Jana Horak', 'jana@example.com'),
  (8, 'Kwame Mensah', 'kwame@example.com'),
  (9, 'Lena Vogel', 'lena@example.com');
