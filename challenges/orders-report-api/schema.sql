CREATE TABLE customers (
  id      integer PRIMARY KEY,
  name    text    NOT NULL,
  country text    NOT NULL
);

CREATE TABLE orders (
  id          integer        PRIMARY KEY,
  customer_id integer        NOT NULL REFERENCES customers (id),
  status      text           NOT NULL CHECK (status IN ('pending', 'paid', 'shipped', 'cancelled')),
  ordered_on  date           NOT NULL,
  total       numeric(10, 2) NOT NULL
);
