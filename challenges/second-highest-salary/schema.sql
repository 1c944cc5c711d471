CREATE TABLE employees (
  id         integer        PRIMARY KEY,
  name       text           NOT NULL,
  department text,
  salary     numeric(10, 2)            -- NULL while an offer is being negotiated
);
