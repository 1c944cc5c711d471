CREATE TABLE orders (
  id           integer   PRIMARY KEY,
  ordered_at   timestamp NOT NULL,
  amount_cents integer   NOT NULL CHECK (amount_cents >= 0),
  status       text      NOT NULL CHECK (status IN ('paid', 'cancelled'))
);
