-- The programme managers' web dashboard (issue #7). Signing in takes no password: a manager asks
-- the bot (`dashboard`) for a single-use link that expires after 15 minutes; opening it starts a
-- browser session of 8 hours. Only SHA-256 hashes of the link tokens and session ids are stored,
-- so a copy of the database cannot be used to sign in. Forgetting a person deletes their links and
-- sessions with them (ON DELETE CASCADE).
CREATE TABLE dashboard_links (
  token_sha256 TEXT PRIMARY KEY,  -- lower-case hex SHA-256 of the 48-hex-character token
  person_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  used_at      INTEGER           -- NULL until opened: a link works once
) STRICT, WITHOUT ROWID;
CREATE INDEX dashboard_links_person ON dashboard_links(person_id);

CREATE TABLE dashboard_sessions (
  id_sha256   TEXT PRIMARY KEY,  -- lower-case hex SHA-256 of the 64-hex-character cookie value
  person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  csrf_token  TEXT NOT NULL,     -- random, per session: what the page's forms must send back
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX dashboard_sessions_person ON dashboard_sessions(person_id);
