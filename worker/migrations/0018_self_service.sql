-- Merchants run their store themselves (issue 26): scoped API keys, dashboard roles, webhook endpoints
-- that can be paused, and an audit log of every change made through the admin API.

-- Several keys per store, each with the scopes it was made with. Only the SHA-256 of a key is kept, as
-- for the store's own key (stores.api_key_hash, which keeps every scope); `hint` is its last four
-- characters, to tell keys apart in a list. A revoked key stays for the audit log and opens nothing.
CREATE TABLE api_keys (
  store_id     TEXT NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
  id           TEXT NOT NULL,
  name         TEXT NOT NULL,
  key_hash     TEXT NOT NULL UNIQUE,
  hint         TEXT NOT NULL,
  -- JSON array of scopes, e.g. ["orders:write","catalog:write"].
  scopes       TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  -- Written at most once a minute per key, after the answer.
  last_used_at TEXT,
  revoked_at   TEXT,
  -- 1 when the key was made with the store's own key, or by a key, or a session from a sign-in link,
  -- that was: rotating the store's key (after a leak) revokes it, since whoever held the leaked key
  -- could have made it. Keys made from an operator's sign-in link stay.
  via_store_key INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id, id)
);
ALTER TABLE stores ADD COLUMN api_key_last_used_at TEXT;

-- A sign-in link, and the session it opens, carry a role (owner, analyst, support) and whom the link
-- was made for. Links and sessions from before roles were owners: they could do all a session could.
-- `via_store_key` as for keys: a link made through the API by what descends from the store's own key,
-- and the session it opens (every link before this one was the operator's).
ALTER TABLE admin_logins ADD COLUMN role TEXT NOT NULL DEFAULT 'owner';
ALTER TABLE admin_logins ADD COLUMN person TEXT;
ALTER TABLE admin_logins ADD COLUMN via_store_key INTEGER NOT NULL DEFAULT 0;
ALTER TABLE admin_sessions ADD COLUMN role TEXT NOT NULL DEFAULT 'owner';
ALTER TABLE admin_sessions ADD COLUMN person TEXT;
ALTER TABLE admin_sessions ADD COLUMN via_store_key INTEGER NOT NULL DEFAULT 0;

-- A paused endpoint is queued nothing new, and its waiting deliveries wait until it is resumed.
ALTER TABLE webhook_endpoints ADD COLUMN paused_at TEXT;
ALTER TABLE webhook_endpoints ADD COLUMN updated_at TEXT;
-- An endpoint's delivery log, newest first.
CREATE INDEX outbound_attempts_by_endpoint ON outbound_attempts (store_id, endpoint_id, at);

-- Who changed what: settings sections, endpoints, keys, sign-in links. `before` and `after` are JSON
-- without secrets (no key, no signing secret, no whole webhook URL).
CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY,
  store_id   TEXT NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
  at         TEXT NOT NULL,
  actor_kind TEXT NOT NULL,
  actor_id   TEXT NOT NULL,
  actor_name TEXT,
  actor_role TEXT,
  action     TEXT NOT NULL,
  target     TEXT NOT NULL,
  before     TEXT,
  after      TEXT
);
CREATE INDEX audit_log_by_store ON audit_log (store_id, id);
