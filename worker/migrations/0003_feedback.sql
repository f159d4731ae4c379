-- Post-delivery survey answers, product reviews, and the signed webhooks that tell merchants' tools.

-- One response per order, filled in step by step (so an abandoned survey is still a row, and a reload
-- resumes it). Sentiment and next action are derived on write by domain/survey-signal.ts.
CREATE TABLE survey_responses (
  store_id        TEXT NOT NULL,
  order_id        TEXT NOT NULL,
  customer_id     TEXT NOT NULL,
  rating          INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  standout_choice TEXT,
  standout_text   TEXT,
  wants           TEXT CHECK (wants IN ('tip', 'promotion', 'demo', 'none')),
  comment         TEXT,
  -- A detractor's "please call me back", with the time that suits them (free text, their words).
  callback_phone  TEXT,
  callback_time   TEXT,
  sentiment       TEXT NOT NULL CHECK (sentiment IN ('positive', 'neutral', 'negative')),
  next_action     TEXT NOT NULL,
  steps_answered  INTEGER NOT NULL CHECK (steps_answered BETWEEN 1 AND 3),
  -- Set when the last question is answered; edits are accepted for 24 hours after it.
  completed_at    TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  PRIMARY KEY (store_id, order_id),
  FOREIGN KEY (store_id, order_id) REFERENCES orders(store_id, id) ON DELETE CASCADE
);
CREATE INDEX survey_responses_by_time ON survey_responses (store_id, created_at);

-- One review per item per order, editable.
CREATE TABLE reviews (
  store_id    TEXT NOT NULL,
  order_id    TEXT NOT NULL,
  sku         TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  title       TEXT,
  body        TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (store_id, order_id, sku),
  FOREIGN KEY (store_id, order_id) REFERENCES orders(store_id, id) ON DELETE CASCADE
);
CREATE INDEX reviews_by_sku ON reviews (store_id, sku);

-- Where a store wants its events sent. The signing secret is sealed like the inbound webhook secrets.
CREATE TABLE webhook_endpoints (
  store_id      TEXT NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
  id            TEXT NOT NULL,
  url           TEXT NOT NULL,
  secret_sealed TEXT NOT NULL,
  -- JSON array of event types, e.g. ["survey.submitted","review.created"].
  events        TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  PRIMARY KEY (store_id, id)
);

-- Every event meant for merchants' tools, written in the same transaction as what caused it, so none
-- is lost; its id is what receivers deduplicate on.
CREATE TABLE outbound_events (
  store_id   TEXT NOT NULL,
  id         TEXT NOT NULL,
  type       TEXT NOT NULL,
  payload    TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (store_id, id)
);

-- One row per event and endpoint: delivered, or when to try next.
CREATE TABLE outbound_deliveries (
  store_id        TEXT NOT NULL,
  event_id        TEXT NOT NULL,
  endpoint_id     TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  delivered_at    TEXT,
  PRIMARY KEY (store_id, event_id, endpoint_id)
);
CREATE INDEX outbound_deliveries_due ON outbound_deliveries (next_attempt_at) WHERE delivered_at IS NULL;

-- Every attempt, for the merchant's (and a support engineer's) eyes.
CREATE TABLE outbound_attempts (
  store_id    TEXT NOT NULL,
  event_id    TEXT NOT NULL,
  endpoint_id TEXT NOT NULL,
  attempt     INTEGER NOT NULL,
  at          TEXT NOT NULL,
  status      INTEGER,
  error       TEXT,
  duration_ms INTEGER NOT NULL,
  PRIMARY KEY (store_id, event_id, endpoint_id, attempt)
);

-- When to invite shoppers to the survey and to review (schemas/store.ts feedbackTiming).
ALTER TABLE stores ADD COLUMN feedback TEXT NOT NULL DEFAULT '{}';
