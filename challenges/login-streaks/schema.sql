CREATE TABLE users (
  id       integer PRIMARY KEY,
  username text    NOT NULL UNIQUE
);

CREATE TABLE logins (
  id           integer   PRIMARY KEY,
  user_id      integer   NOT NULL REFERENCES users (id),
  logged_in_at timestamp NOT NULL
);
