-- The merchant dashboard.
-- A detractor's alert stays open until someone at the store marks it handled.
ALTER TABLE survey_responses ADD COLUMN alert_resolved_at TEXT;
CREATE INDEX survey_responses_open_alerts ON survey_responses (store_id, sentiment, alert_resolved_at);
-- Clicks are credited to the decision they answered, found by order.
CREATE INDEX offer_decisions_by_order ON offer_decisions (store_id, order_id, at);
CREATE INDEX reviews_by_time ON reviews (store_id, created_at);
-- Sign-in without handing out the API key: the operator command makes a one-time login code (15
-- minutes), the dashboard trades it for a session (12 hours). Only hashes are stored.
CREATE TABLE admin_logins (
  code_hash  TEXT PRIMARY KEY,
  store_id   TEXT NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
  expires_at TEXT NOT NULL,
  used_at    TEXT
);
CREATE TABLE admin_sessions (
  token_hash TEXT PRIMARY KEY,
  store_id   TEXT NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
  expires_at TEXT NOT NULL
);
