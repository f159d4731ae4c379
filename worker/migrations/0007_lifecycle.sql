-- Lifecycle moments: what a merchant's email/SMS tools hear about, and when. One row per order, kind
-- and ref (a parcel id, a product family, or ''), recomputed as the order and its parcels change
-- while still scheduled; once sent, suppressed or withdrawn a row no longer moves.
CREATE TABLE lifecycle_moments (
  store_id    TEXT NOT NULL,
  order_id    TEXT NOT NULL,
  kind        TEXT NOT NULL,
  ref         TEXT NOT NULL DEFAULT '',
  customer_id TEXT NOT NULL,
  due_at      TEXT NOT NULL,
  marketing   INTEGER NOT NULL CHECK (marketing IN (0, 1)),
  first       INTEGER NOT NULL CHECK (first IN (0, 1)),
  status      TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'sent', 'suppressed', 'withdrawn')),
  -- Why it was not sent: holdout, opted_out, erased, reordered, no_longer_due.
  reason      TEXT,
  event_id    TEXT,
  decided_at  TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (store_id, order_id, kind, ref),
  FOREIGN KEY (store_id, order_id) REFERENCES orders(store_id, id) ON DELETE CASCADE
);
CREATE INDEX lifecycle_moments_due ON lifecycle_moments (due_at) WHERE status = 'scheduled';
CREATE INDEX lifecycle_moments_by_time ON lifecycle_moments (store_id, decided_at);
-- Erasure (a customer's personal data removed on request): nothing more is sent to them.
ALTER TABLE customers ADD COLUMN erased_at TEXT;
