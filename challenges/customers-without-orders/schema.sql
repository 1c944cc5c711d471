CREATE TABLE customers (
  id    integer PRIMARY KEY,
  name  text    NOT NULL,
  email text    NOT NULL UNIQUE
);

CREATE TABLE orders (
  id          integer        PRIMARY KEY,
  customer_id integer        REFERENCES customers (id),
  total       numeric(10, 2) NOT NULL,
  placed_at   timestamp      NOT NULL
);
