-- Issue #8: rotation. When a programme closes, each of its participants is asked whether they
-- want to take part in the next cohort: in the same role, in the other role, or not. A row is
-- written when the question is asked (answer NULL), so the managers' summary can tell "said no"
-- from "did not answer". `role` is the role they had, so "switch" stays meaningful after a change.
CREATE TABLE next_cohort_answers (
  programme_id INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,  -- the closed one
  person_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  role         TEXT NOT NULL CHECK (role IN ('mentor', 'mentee')),
  answer       TEXT CHECK (answer IN ('same', 'switch', 'no')),
  asked_at     INTEGER NOT NULL,
  answered_at  INTEGER,
  PRIMARY KEY (programme_id, person_id)
) STRICT;

-- Which programme was started as the next cohort of a closed one: at most one each way, so the
-- same people cannot be carried over twice.
CREATE TABLE next_cohorts (
  previous_programme_id INTEGER PRIMARY KEY REFERENCES programmes(id) ON DELETE CASCADE,
  next_programme_id     INTEGER NOT NULL UNIQUE REFERENCES programmes(id) ON DELETE CASCADE,
  created_at            INTEGER NOT NULL
) STRICT;

-- The optional short final presentation a programme manager schedules for a pair (one per pair;
-- scheduling again moves it). Goes with the pair (forget-me) and with the programme's retention.
CREATE TABLE presentation_slots (
  pair_id      INTEGER PRIMARY KEY REFERENCES pairs(id) ON DELETE CASCADE,
  starts_at    INTEGER NOT NULL,
  minutes      INTEGER NOT NULL CHECK (minutes BETWEEN 5 AND 60),
  scheduled_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
  scheduled_at INTEGER NOT NULL
) STRICT;
