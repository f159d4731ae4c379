-- Shipments, what carriers say about them, and the shopper's choice of update channel.

CREATE TABLE shipments (
  store_id        TEXT NOT NULL,
  id              TEXT NOT NULL,
  order_id        TEXT NOT NULL,
  carrier         TEXT NOT NULL,
  tracking_number TEXT NOT NULL,
  tracking_url    TEXT,
  -- The merchant's promise for this parcel (calendar dates); the store's default promise applies without it.
  promised_from   TEXT,
  promised_to     TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  PRIMARY KEY (store_id, id),
  FOREIGN KEY (store_id, order_id) REFERENCES orders(store_id, id) ON DELETE CASCADE
);
CREATE INDEX shipments_by_order ON shipments (store_id, order_id);
CREATE INDEX shipments_by_tracking_number ON shipments (store_id, tracking_number);

CREATE TABLE shipment_lines (
  store_id    TEXT NOT NULL,
  shipment_id TEXT NOT NULL,
  sku         TEXT NOT NULL,
  quantity    INTEGER NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (store_id, shipment_id, sku),
  FOREIGN KEY (store_id, shipment_id) REFERENCES shipments(store_id, id) ON DELETE CASCADE
);

-- Carrier events are keyed by tracking number, not shipment: an aggregator often reports a parcel
-- before the merchant's server registers it, and those events must be waiting when it does.
-- A shipment's state is derived from the whole set of its events (domain/shipment-state.ts), so the
-- order they arrive in cannot matter and a repeated event (same id) is simply not inserted again.
CREATE TABLE carrier_events (
  store_id        TEXT NOT NULL,
  tracking_number TEXT NOT NULL,
  -- The merchant's own event id ("m:…"), or a digest of a vendor checkpoint ("ep:…", "as:…").
  id              TEXT NOT NULL,
  source          TEXT NOT NULL CHECK (source IN ('merchant', 'easypost', 'aftership')),
  -- NULL when the carrier spoke without reaching a milestone (pending, unknown).
  status          TEXT CHECK (status IN ('ordered', 'packed', 'in_transit', 'out_for_delivery', 'delivered', 'exception', 'returned')),
  exception_kind  TEXT,
  carrier_delay   INTEGER NOT NULL DEFAULT 0,
  occurred_at     TEXT NOT NULL,
  location        TEXT,
  description     TEXT,
  -- The vendor's own vocabulary (EasyPost status/status_detail, AfterShip tag/subtag), for audit.
  vendor_status   TEXT,
  raw             TEXT NOT NULL,
  received_at     TEXT NOT NULL,
  PRIMARY KEY (store_id, tracking_number, id)
);
CREATE INDEX carrier_events_by_time ON carrier_events (store_id, tracking_number, occurred_at);

-- The carrier's latest delivery estimate per tracking number. Only a newer report replaces it.
CREATE TABLE carrier_estimates (
  store_id        TEXT NOT NULL,
  tracking_number TEXT NOT NULL,
  source          TEXT NOT NULL,
  estimate_from   TEXT NOT NULL,
  estimate_to     TEXT NOT NULL,
  reported_at     TEXT NOT NULL,
  PRIMARY KEY (store_id, tracking_number)
);

-- Every verified webhook delivery, kept whole for audit. The vendor's event id is the key, so a
-- replayed or retried delivery is recognised and changes nothing.
CREATE TABLE webhook_deliveries (
  store_id        TEXT NOT NULL,
  vendor          TEXT NOT NULL CHECK (vendor IN ('easypost', 'aftership')),
  id              TEXT NOT NULL,
  tracking_number TEXT,
  body            TEXT NOT NULL,
  received_at     TEXT NOT NULL,
  PRIMARY KEY (store_id, vendor, id)
);

-- How the shopper wants shipment updates for one order; consent is the time they chose it.
CREATE TABLE order_preferences (
  store_id   TEXT NOT NULL,
  order_id   TEXT NOT NULL,
  channel    TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'none')),
  contact    TEXT,
  consent_at TEXT NOT NULL,
  PRIMARY KEY (store_id, order_id),
  FOREIGN KEY (store_id, order_id) REFERENCES orders(store_id, id) ON DELETE CASCADE
);
