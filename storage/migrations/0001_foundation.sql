-- People, their chat identities, programme participation, and the delivery machinery
-- (outbox, durable jobs, inbound dedupe). Times are Unix seconds, UTC.

CREATE TABLE people (
  id           INTEGER PRIMARY KEY,
  display_name TEXT NOT NULL,
  email        TEXT UNIQUE,
  time_zone    TEXT,            -- IANA name; NULL until known
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
) STRICT;

-- One row per (platform, workspace, user): the same person may reach us from Slack and Teams.
CREATE TABLE identities (
  platform        TEXT NOT NULL CHECK (platform IN ('console', 'slack', 'teams')),
  workspace       TEXT NOT NULL,
  user_id         TEXT NOT NULL,
  person_id       INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  conversation_id TEXT NOT NULL DEFAULT '',
  service_url     TEXT NOT NULL DEFAULT '',
  last_seen_at    INTEGER NOT NULL,
  PRIMARY KEY (platform, workspace, user_id)
) STRICT;
CREATE INDEX identities_person ON identities(person_id, last_seen_at);

CREATE TABLE participants (
  person_id INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
  role      TEXT NOT NULL CHECK (role IN ('mentor', 'mentee')),
  joined_at INTEGER NOT NULL
) STRICT;

-- Messages to deliver, committed with the state change that caused them.
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  person_id       INTEGER REFERENCES people(id) ON DELETE CASCADE,
  platform        TEXT NOT NULL,
  workspace       TEXT NOT NULL,
  user_id         TEXT NOT NULL DEFAULT '',
  conversation_id TEXT NOT NULL DEFAULT '',
  service_url     TEXT NOT NULL DEFAULT '',
  message         TEXT NOT NULL,  -- ui::Message as JSON
  status          TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER,
  last_error      TEXT
) STRICT;
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);

-- Durable future work: reminders, nudges, surveys. Routed like any event when due.
CREATE TABLE jobs (
  id              INTEGER PRIMARY KEY,
  route           TEXT NOT NULL,
  person_id       INTEGER REFERENCES people(id) ON DELETE CASCADE,
  payload         TEXT NOT NULL DEFAULT '{}',
  due_at          INTEGER NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  status          TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'done', 'failed', 'cancelled')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT,
  finished_at     INTEGER
) STRICT;
CREATE INDEX jobs_due ON jobs(status, due_at);

-- Inbound ids already processed (Slack event_id, Teams activity id, console event id).
CREATE TABLE inbound_seen (
  source   TEXT NOT NULL,
  event_id TEXT NOT NULL,
  seen_at  INTEGER NOT NULL,
  PRIMARY KEY (source, event_id)
) STRICT, WITHOUT ROWID;

-- What the bot said to each console user, so the page can show history and proactive messages.
CREATE TABLE console_messages (
  id         INTEGER PRIMARY KEY,
  user_id    TEXT NOT NULL,
  message    TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX console_messages_user ON console_messages(user_id, id);
