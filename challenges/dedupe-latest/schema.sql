CREATE TABLE contacts (
  id         integer   PRIMARY KEY,
  account_id integer   NOT NULL,
  email      text      NOT NULL,
  name       text,
  updated_at timestamp NOT NULL
);
