-- What keeps a pair moving after matching: goals, sessions with calendar invites, check-ins, and
-- the missed-session ladder's memory.

-- A pair may be paused (holiday, parental leave) without ending; the ladder then stays quiet.
ALTER TABLE pairs ADD COLUMN paused_at INTEGER;
-- Consecutive missed sessions (reset by a session that happened) and the last ladder step taken.
ALTER TABLE pairs ADD COLUMN missed_in_a_row INTEGER NOT NULL DEFAULT 0;
-- When the pair's one live watch (no session within twice the cadence) is due; older watch jobs
-- that find a different value here do nothing.
ALTER TABLE pairs ADD COLUMN watch_due INTEGER;

-- SMART goals: one partner proposes, the other confirms (or edits, which is a new proposal).
CREATE TABLE goals (
  id          INTEGER PRIMARY KEY,
  pair_id     INTEGER NOT NULL REFERENCES pairs(id) ON DELETE CASCADE,
  proposed_by INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  specific    TEXT NOT NULL,
  measurable  TEXT NOT NULL,
  achievable  TEXT NOT NULL,
  relevant    TEXT NOT NULL,
  due_date    TEXT NOT NULL,  -- YYYY-MM-DD, inside the programme
  status      TEXT NOT NULL DEFAULT 'proposed'
              CHECK (status IN ('proposed', 'agreed', 'replaced', 'done', 'dropped')),
  progress    INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX goals_pair ON goals(pair_id, status);

-- One meeting of a pair. The calendar invite is served at /ics/<ics_token> (unguessable, expires
-- with the session) with a stable UID; every change bumps ics_sequence so calendars update it.
CREATE TABLE sessions (
  id            INTEGER PRIMARY KEY,
  pair_id       INTEGER NOT NULL REFERENCES pairs(id) ON DELETE CASCADE,
  number        INTEGER NOT NULL,  -- 1, 2, ... within the pair (agenda choice)
  starts_at     INTEGER NOT NULL,  -- UTC
  minutes       INTEGER NOT NULL,
  proposed_by   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  status        TEXT NOT NULL DEFAULT 'proposed'
                CHECK (status IN ('proposed', 'scheduled', 'held', 'missed', 'cancelled')),
  ics_uid       TEXT NOT NULL UNIQUE,
  ics_sequence  INTEGER NOT NULL DEFAULT 0,
  ics_token     TEXT NOT NULL UNIQUE,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_pair ON sessions(pair_id, starts_at);

-- "Did you meet?" answers, one per person and session.
CREATE TABLE checkins (
  session_id  INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  answer      TEXT NOT NULL CHECK (answer IN ('yes', 'no', 'rescheduled')),
  learned     TEXT NOT NULL DEFAULT '',
  actions     TEXT NOT NULL DEFAULT '',
  answered_at INTEGER NOT NULL,
  PRIMARY KEY (session_id, person_id)
) STRICT;

-- The wrap-up: what each person takes away, and a testimonial they may agree to share.
CREATE TABLE wrapups (
  pair_id       INTEGER NOT NULL REFERENCES pairs(id) ON DELETE CASCADE,
  person_id     INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  takeaways     TEXT NOT NULL,
  testimonial   TEXT NOT NULL DEFAULT '',
  may_share     INTEGER NOT NULL DEFAULT 0,
  answered_at   INTEGER NOT NULL,
  PRIMARY KEY (pair_id, person_id)
) STRICT;
