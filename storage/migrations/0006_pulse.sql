-- Pulse surveys (issue #7), anonymous by construction. Who was asked, and whether they answered
-- (pulse_invites), is kept apart from what was answered (pulse_responses), with nothing to join
-- the two on: a response carries no person, no time and no insertion order (a random key in a
-- WITHOUT ROWID table, so rows sort by that key), and only the slice attributes (role,
-- department) that at least the anonymity threshold of the people asked in that wave share.
CREATE TABLE pulse_invites (
  id            INTEGER PRIMARY KEY,
  programme_id  INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  person_id     INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  wave          TEXT NOT NULL,  -- "after-3-sessions", "midpoint", "end"
  role          TEXT NOT NULL,  -- mentor | mentee when asked
  department    TEXT NOT NULL DEFAULT '',
  sent_at       INTEGER NOT NULL,
  answered      INTEGER NOT NULL DEFAULT 0,  -- deliberately no time: it would point at the response
  UNIQUE (programme_id, person_id, wave)
) STRICT;
CREATE INDEX pulse_invites_person ON pulse_invites(person_id, sent_at);

CREATE TABLE pulse_responses (
  id            TEXT PRIMARY KEY,  -- random hex
  programme_id  INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  wave          TEXT NOT NULL,
  role          TEXT NOT NULL DEFAULT '',        -- '' when too few of those asked share it
  department    TEXT NOT NULL DEFAULT '',        -- likewise, for role and department together
  quality       INTEGER NOT NULL CHECK (quality BETWEEN 1 AND 5),
  usefulness    INTEGER NOT NULL CHECK (usefulness BETWEEN 1 AND 5),
  recommend     INTEGER NOT NULL CHECK (recommend BETWEEN 0 AND 10),
  comment       TEXT NOT NULL DEFAULT ''
) STRICT, WITHOUT ROWID;
