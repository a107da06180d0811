-- Match quality (issue #8): what the matcher predicted for each pair when it formed, so the
-- programme manager can later see how well the score foretold what happened. One row per pair;
-- the terms are the matcher's ScoreTerms (each 0..1) and `score` the weighted total (0..100)
-- under the weights the programme had then.
CREATE TABLE pair_predictions (
  pair_id        INTEGER PRIMARY KEY REFERENCES pairs(id) ON DELETE CASCADE,
  score          REAL NOT NULL,
  skills         REAL NOT NULL,
  interests      REAL NOT NULL,
  learning_style REAL NOT NULL,
  personality    REAL NOT NULL,
  diversity      REAL NOT NULL,
  availability   REAL NOT NULL,
  time_zone      REAL NOT NULL,
  recorded_at    INTEGER NOT NULL
) STRICT;
