-- Programmes (cohorts), their managers, the organisation data HR imports, intake surveys and
-- matching. A person takes part in one programme at a time (participants.programme_id).

-- From the HR import (flipside import-people) or the intake survey. manager_email rather than an id
-- so a report can be imported before their manager.
ALTER TABLE people ADD COLUMN title TEXT;
ALTER TABLE people ADD COLUMN department TEXT;
ALTER TABLE people ADD COLUMN location TEXT;
ALTER TABLE people ADD COLUMN grade INTEGER;
ALTER TABLE people ADD COLUMN manager_email TEXT;
ALTER TABLE people ADD COLUMN languages TEXT;  -- comma-separated ISO 639-1 codes
CREATE INDEX people_manager ON people(manager_email);

-- When a platform told us this person blocked the bot (Teams 403 MessageWritesBlocked): nothing is
-- sent there until they write to us again.
ALTER TABLE identities ADD COLUMN blocked_at INTEGER;

-- Programme managers added in chat (FLIPSIDE_ADMINS are managers from the configuration).
CREATE TABLE managers (
  person_id INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
  added_by  INTEGER REFERENCES people(id) ON DELETE SET NULL,
  added_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE programmes (
  id              INTEGER PRIMARY KEY,
  name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
  focus_areas     TEXT NOT NULL DEFAULT '',   -- comma-separated
  skills          TEXT NOT NULL DEFAULT '',   -- comma-separated: the list intake offers
  start_date      TEXT NOT NULL,              -- YYYY-MM-DD, in each person's own zone
  length_months   INTEGER NOT NULL CHECK (length_months BETWEEN 3 AND 6),
  cadence         TEXT NOT NULL CHECK (cadence IN ('weekly', 'biweekly', 'monthly')),
  session_minutes INTEGER NOT NULL CHECK (session_minutes BETWEEN 15 AND 180),
  matching_mode   TEXT NOT NULL CHECK (matching_mode IN ('direct', 'shortlist')),
  shortlist_size  INTEGER NOT NULL DEFAULT 3,
  answer_days     INTEGER NOT NULL DEFAULT 3,  -- a mentor's time to accept before the next option
  settings        TEXT NOT NULL DEFAULT '{}',  -- matching weights and rules (JSON)
  status          TEXT NOT NULL DEFAULT 'intake'
                  CHECK (status IN ('intake', 'matching', 'running', 'ended')),
  created_by      INTEGER REFERENCES people(id) ON DELETE SET NULL,
  created_at      INTEGER NOT NULL
) STRICT;

CREATE TABLE programme_managers (
  programme_id INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  person_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  PRIMARY KEY (programme_id, person_id)
) STRICT;

ALTER TABLE participants ADD COLUMN programme_id INTEGER REFERENCES programmes(id) ON DELETE SET NULL;

-- Intake answers as JSON keyed by survey input id; complete once every required answer is valid.
CREATE TABLE intakes (
  person_id      INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  programme_id   INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  role           TEXT NOT NULL CHECK (role IN ('mentor', 'mentee')),
  answers        TEXT NOT NULL DEFAULT '{}',
  complete       INTEGER NOT NULL DEFAULT 0,
  reminders_sent INTEGER NOT NULL DEFAULT 0,
  updated_at     INTEGER NOT NULL,
  PRIMARY KEY (person_id, programme_id)
) STRICT;

-- Pairs that must never be proposed (either direction), with why.
CREATE TABLE do_not_pair (
  person_a INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  person_b INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  reason   TEXT NOT NULL DEFAULT '',
  CHECK (person_a < person_b),
  PRIMARY KEY (person_a, person_b)
) STRICT;

-- Every offer made to a mentor (a mentee's pick from their shortlist, or a direct proposal that
-- both must confirm) and how it ended; an accepted offer becomes a pair.
CREATE TABLE offers (
  id           INTEGER PRIMARY KEY,
  programme_id INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  mentor_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  mentee_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL CHECK (kind IN ('pick', 'proposal')),
  mentee_confirmed INTEGER NOT NULL DEFAULT 0,  -- a pick is confirmed by the mentee's choice
  mentor_confirmed INTEGER NOT NULL DEFAULT 0,
  status       TEXT NOT NULL DEFAULT 'pending'
               CHECK (status IN ('pending', 'accepted', 'declined', 'expired', 'withdrawn')),
  score        REAL NOT NULL DEFAULT 0,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  answered_at  INTEGER
) STRICT;
CREATE INDEX offers_mentee ON offers(programme_id, mentee_id, status);
CREATE INDEX offers_mentor ON offers(programme_id, mentor_id, status);

-- The options a mentee was shown (ordered), so later steps move down the same list.
CREATE TABLE shortlists (
  programme_id INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  mentee_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  mentor_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  score        REAL NOT NULL,
  why          TEXT NOT NULL,  -- rendered explanation shown to the mentee
  PRIMARY KEY (programme_id, mentee_id, position)
) STRICT;

CREATE TABLE pairs (
  id           INTEGER PRIMARY KEY,
  programme_id INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  mentor_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  mentee_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  source       TEXT NOT NULL CHECK (source IN ('matched', 'manual')),
  reason       TEXT NOT NULL DEFAULT '',
  created_by   INTEGER REFERENCES people(id) ON DELETE SET NULL,
  created_at   INTEGER NOT NULL,
  ended_at     INTEGER,
  end_reason   TEXT
) STRICT;
CREATE INDEX pairs_programme ON pairs(programme_id, ended_at);
CREATE INDEX pairs_people ON pairs(mentor_id, mentee_id);
