-- What programme managers did (issue #7): who paused, ended, paired, unpaired or exported what,
-- and when. The subject is a person, a pair or a programme; forgetting a person removes the rows
-- that name them, as actor or as subject.
CREATE TABLE audit_log (
  id                 INTEGER PRIMARY KEY,
  at                 INTEGER NOT NULL,
  actor_id           INTEGER REFERENCES people(id) ON DELETE CASCADE,  -- NULL: the system
  action             TEXT NOT NULL,  -- pair.pause, pair.end, pair.manual, pair.unpair, export, ...
  programme_id       INTEGER REFERENCES programmes(id) ON DELETE CASCADE,
  subject_person_id  INTEGER REFERENCES people(id) ON DELETE CASCADE,
  subject_pair_id    INTEGER REFERENCES pairs(id) ON DELETE CASCADE,
  detail             TEXT NOT NULL DEFAULT ''  -- free text a manager typed (a reason), never survey answers
) STRICT;
CREATE INDEX audit_log_programme ON audit_log(programme_id, at);
