CREATE TABLE categories (
  id   integer PRIMARY KEY,
  name text    NOT NULL UNIQUE
);

CREATE TABLE products (
  id          integer PRIMARY KEY,
  category_id integer NOT NULL REFERENCES categories (id),
  name        text    NOT NULL
);

CREATE TABLE orders (
  id     integer PRIMARY KEY,
  status text    NOT NULL CHECK (status IN ('paid', 'refunded'))
);

CREATE TABLE order_items (
  id         integer        PRIMARY KEY,
  order_id   integer        NOT NULL REFERENCES orders (id),
  product_id integer        NOT NULL REFERENCES products (id),
  quantity   integer        NOT NULL CHECK (quantity > 0),
  unit_price numeric(10, 2) NOT NULL CHECK (unit_price >= 0)
);
