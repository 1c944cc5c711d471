-- A sports club: members book facilities in half-hour slots. Member 0 is the GUEST account: every booking
-- made by a non-member is recorded under it and pays the facility's guest price.
CREATE TABLE members (
  memid     integer PRIMARY KEY,
  surname   text    NOT NULL,
  firstname text    NOT NULL,
  joindate  date    NOT NULL
);

CREATE TABLE facilities (
  facid              integer       PRIMARY KEY,
  name               text          NOT NULL,
  membercost         numeric(8, 2) NOT NULL,   -- price of one slot for a member
  guestcost          numeric(8, 2) NOT NULL,   -- price of one slot for a guest
  monthlymaintenance numeric(8, 2) NOT NULL
);

CREATE TABLE bookings (
  bookid    integer   PRIMARY KEY,
  facid     integer   NOT NULL REFERENCES facilities (facid),
  memid     integer   NOT NULL REFERENCES members (memid),
  starttime timestamp NOT NULL,
  slots     integer   NOT NULL CHECK (slots > 0)
);
