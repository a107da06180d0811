-- Privacy controls (issue #7): `my-data` links. A link is a single-use, expiring token; only its
-- SHA-256 is stored, so a copy of the database cannot be used to download anyone's data.
-- Forgetting a person deletes their links with them (ON DELETE CASCADE).
CREATE TABLE data_export_links (
  token_sha256 TEXT PRIMARY KEY,  -- lower-case hex SHA-256 of the 48-hex-character token
  person_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  used_at      INTEGER           -- NULL until downloaded: a link works once
) STRICT, WITHOUT ROWID;
CREATE INDEX data_export_links_person ON data_export_links(person_id);
