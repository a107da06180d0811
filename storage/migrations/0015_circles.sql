-- Mentor circles (issue #8): a recurring round in which the programme's mentors each say privately
-- what worked and where they are stuck, and the themes go back to the circle's channel.
-- Anonymous like pulse surveys: who was asked and whether they answered (circle_invites) is kept
-- apart from what was answered (circle_answers: a random key, no person, no time, no row order).
CREATE TABLE circles (
  programme_id    INTEGER PRIMARY KEY REFERENCES programmes(id) ON DELETE CASCADE,
  platform        TEXT NOT NULL,
  workspace       TEXT NOT NULL,
  conversation_id TEXT NOT NULL,  -- where prompts and themes are posted: chosen by the manager
  service_url     TEXT NOT NULL DEFAULT '',
  every_days      INTEGER NOT NULL CHECK (every_days IN (14, 28)),
  active          INTEGER NOT NULL DEFAULT 1,
  started_by      INTEGER REFERENCES people(id) ON DELETE SET NULL,
  started_at      INTEGER NOT NULL
) STRICT;

CREATE TABLE circle_rounds (
  id            INTEGER PRIMARY KEY,
  programme_id  INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  number        INTEGER NOT NULL,
  opened_at     INTEGER NOT NULL,
  closes_at     INTEGER NOT NULL,
  shared        INTEGER NOT NULL DEFAULT 0,
  UNIQUE (programme_id, number)
) STRICT;

CREATE TABLE circle_invites (
  round_id   INTEGER NOT NULL REFERENCES circle_rounds(id) ON DELETE CASCADE,
  person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  answered   INTEGER NOT NULL DEFAULT 0,  -- deliberately no time: it would point at the answer
  PRIMARY KEY (round_id, person_id)
) STRICT;

CREATE TABLE circle_answers (
  id        TEXT PRIMARY KEY,  -- random hex
  round_id  INTEGER NOT NULL REFERENCES circle_rounds(id) ON DELETE CASCADE,
  worked    TEXT NOT NULL DEFAULT '',
  stuck     TEXT NOT NULL DEFAULT ''
) STRICT, WITHOUT ROWID;
