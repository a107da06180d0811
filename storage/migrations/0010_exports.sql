-- `export` links (issue #7): a programme manager's CSV download of one programme, valid for an
-- hour. Only the token's SHA-256 is stored, so a copy of the database opens nothing.
CREATE TABLE programme_export_links (
  token_sha256  TEXT PRIMARY KEY,
  programme_id  INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  manager_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  created_at    INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
