-- When a platform profile (name, time zone, email) was last fetched for an identity, so it is
-- refreshed now and then instead of on every message.
ALTER TABLE identities ADD COLUMN profile_refreshed_at INTEGER;
