CREATE TABLE employees (
  id         integer PRIMARY KEY,
  name       text    NOT NULL,
  title      text    NOT NULL,
  manager_id integer REFERENCES employees (id)
);
