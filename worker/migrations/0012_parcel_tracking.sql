-- Parcels that track themselves (issue 20).

-- Each parcel registered with each aggregator the store has connected (store_connections), once. The
-- row is written in the same batch as the shipment (storage/shipments.ts), whoever creates the parcel
-- (the merchant's API, a platform's fulfillment); the minute cron sends it and retries with backoff.
CREATE TABLE parcel_registrations (
  store_id        TEXT NOT NULL,
  shipment_id     TEXT NOT NULL,
  provider        TEXT NOT NULL CHECK (provider IN ('easypost', 'aftership')),
  tracking_number TEXT NOT NULL,
  -- pending: to be sent (again) at next_attempt_at; registered: the vendor has a tracker (created now
  -- or already there); failed: refused for good, or given up after too many tries (last_error says).
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'registered', 'failed')),
  -- The carrier as registered (domain/carriers/carrier-names.ts) and how it was known:
  -- merchant (the name sent), detected (the tracking number), unknown (the vendor detects it).
  carrier         TEXT,
  carrier_source  TEXT CHECK (carrier_source IN ('merchant', 'detected', 'unknown')),
  vendor_carrier  TEXT,
  vendor_id       TEXT,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  -- The HTTP status of the last answer (0 when none came) and the vendor's own message.
  last_status     INTEGER,
  last_error      TEXT,
  registered_at   TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  PRIMARY KEY (store_id, shipment_id, provider),
  FOREIGN KEY (store_id, shipment_id) REFERENCES shipments(store_id, id) ON DELETE CASCADE
);
CREATE INDEX parcel_registrations_due ON parcel_registrations (next_attempt_at) WHERE status = 'pending';
CREATE INDEX parcel_registrations_by_status ON parcel_registrations (store_id, status);

-- Proactive delay notices (domain/delays/notices.ts): raised once per order, kind and parcel ('' for the
-- order as a whole) by the sweep, withdrawn when moot. A withdrawn notice is never raised again.
CREATE TABLE parcel_notices (
  store_id     TEXT NOT NULL,
  order_id     TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('fulfillment_delayed', 'stalled', 'late', 'arriving_soon')),
  ref          TEXT NOT NULL DEFAULT '',
  since        TEXT NOT NULL,
  raised_at    TEXT NOT NULL,
  withdrawn_at TEXT,
  PRIMARY KEY (store_id, order_id, kind, ref),
  FOREIGN KEY (store_id, order_id) REFERENCES orders(store_id, id) ON DELETE CASCADE
);
CREATE INDEX parcel_notices_active ON parcel_notices (store_id, kind) WHERE withdrawn_at IS NULL;

-- Each parcel as the sweep last saw it, for the dashboard's parcels at risk and on-time rates: what
-- would otherwise mean recomputing every parcel's state from its events on each dashboard visit.
CREATE TABLE parcel_snapshots (
  store_id        TEXT NOT NULL,
  shipment_id     TEXT NOT NULL,
  order_id        TEXT NOT NULL,
  carrier         TEXT NOT NULL,
  tracking_number TEXT NOT NULL,
  status          TEXT NOT NULL,
  exception_kind  TEXT,
  last_scan_at    TEXT,
  promised_to     TEXT NOT NULL,
  expected_to     TEXT NOT NULL,
  delivered_at    TEXT,
  -- Delivered on or before the last promised day, in the shopper's time zone (NULL until delivered).
  on_time         INTEGER CHECK (on_time IN (0, 1)),
  updated_at      TEXT NOT NULL,
  PRIMARY KEY (store_id, shipment_id),
  FOREIGN KEY (store_id, shipment_id) REFERENCES shipments(store_id, id) ON DELETE CASCADE
);
CREATE INDEX parcel_snapshots_delivered ON parcel_snapshots (store_id, delivered_at);
CREATE INDEX parcel_snapshots_open ON parcel_snapshots (store_id, status) WHERE delivered_at IS NULL;

-- When the sweep last looked at each order, and whether there is anything left to watch.
CREATE TABLE order_sweeps (
  store_id TEXT NOT NULL,
  order_id TEXT NOT NULL,
  swept_at TEXT NOT NULL,
  open     INTEGER NOT NULL CHECK (open IN (0, 1)),
  PRIMARY KEY (store_id, order_id),
  FOREIGN KEY (store_id, order_id) REFERENCES orders(store_id, id) ON DELETE CASCADE
);
CREATE INDEX order_sweeps_due ON order_sweeps (swept_at) WHERE open = 1;

-- A merchant's `delayed` parcel event names why (weather, carrier, customs, address, other).
ALTER TABLE carrier_events ADD COLUMN delay_reason TEXT;
