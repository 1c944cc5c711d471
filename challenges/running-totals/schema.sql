CREATE TABLE accounts (
  id    integer PRIMARY KEY,
  owner text    NOT NULL
);

CREATE TABLE transactions (
  id         integer        PRIMARY KEY,
  account_id integer        NOT NULL REFERENCES accounts (id),
  posted_on  date           NOT NULL,
  amount     numeric(12, 2) NOT NULL
);
