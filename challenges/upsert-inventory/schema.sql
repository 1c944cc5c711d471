CREATE TABLE products (
  sku      text    PRIMARY KEY,
  name     text    NOT NULL,
  quantity integer NOT NULL CHECK (quantity >= 0)
);

-- One row per line of the delivery note, as scanned at the loading dock.
CREATE TABLE incoming_stock (
  line_id  integer PRIMARY KEY,
  sku      text    NOT NULL,
  name     text,
  quantity integer             -- NULL when the scanner could not read it
);
