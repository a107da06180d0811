-- Issue #8: impact measurement. Each participant rates their confidence from 1 to 5 "before"
-- (just after their intake) and "after" (at the wrap-up): a mentee in each programme skill they
-- chose to learn, a mentor as a coach (topic 'coaching'). Managers only ever see aggregates of
-- at least the anonymity threshold of people (handlers/impact). The rows name the person so that
-- the before and after can be paired, so forget-me removes them (ON DELETE CASCADE) and the
-- retention purge of a closed programme deletes them.
CREATE TABLE impact_ratings (
  programme_id  INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  person_id     INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  role          TEXT NOT NULL CHECK (role IN ('mentor', 'mentee')),
  phase         TEXT NOT NULL CHECK (phase IN ('before', 'after')),
  topic         TEXT NOT NULL,  -- a programme skill's slug, or 'coaching'
  label         TEXT NOT NULL,  -- the skill as the programme names it, for the report
  rating        INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  rated_at      INTEGER NOT NULL,
  PRIMARY KEY (programme_id, person_id, phase, topic)
) STRICT;
CREATE INDEX impact_ratings_person ON impact_ratings(person_id);
