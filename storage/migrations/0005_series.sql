-- A recurring series booked in one go (issue #6): one calendar event with an RRULE. Its
-- occurrences are ordinary sessions (each with its own reminders, check-in and place on the
-- missed-session ladder) that point here; the calendar invite is rendered from the series and its
-- occurrences (a cancelled one becomes an EXDATE, a moved one an override with RECURRENCE-ID).
CREATE TABLE series (
  id              INTEGER PRIMARY KEY,
  pair_id         INTEGER NOT NULL REFERENCES pairs(id) ON DELETE CASCADE,
  zone            TEXT NOT NULL,  -- the proposer's zone: the series keeps its wall-clock time there
  interval_weeks  INTEGER NOT NULL CHECK (interval_weeks BETWEEN 1 AND 4),
  count           INTEGER NOT NULL CHECK (count BETWEEN 2 AND 52),
  first_start     INTEGER NOT NULL,  -- UTC
  minutes         INTEGER NOT NULL,
  proposed_by     INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  ics_uid         TEXT NOT NULL UNIQUE,
  ics_sequence    INTEGER NOT NULL DEFAULT 0,
  ics_token       TEXT NOT NULL UNIQUE,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
) STRICT;

ALTER TABLE sessions ADD COLUMN series_id INTEGER REFERENCES series(id) ON DELETE CASCADE;
-- The occurrence's start under the series' rule (its RECURRENCE-ID), kept when it is moved.
ALTER TABLE sessions ADD COLUMN series_start INTEGER;
CREATE INDEX sessions_series ON sessions(series_id, series_start);
