-- Next-best offers: the catalog, the facts ranking needs (kept up to date as orders arrive), every
-- decision taken (holdout ones included), learning from clicks, and conversions.

CREATE TABLE products (
  store_id       TEXT NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
  sku            TEXT NOT NULL,
  name           TEXT NOT NULL,
  family         TEXT NOT NULL,
  price          INTEGER NOT NULL CHECK (price >= 0),
  -- NULL: priced in whatever currency the store's orders use (a single-currency store).
  currency       TEXT,
  url            TEXT,
  image_url      TEXT,
  replenish_days INTEGER,
  active         INTEGER NOT NULL DEFAULT 1,
  updated_at     TEXT NOT NULL,
  PRIMARY KEY (store_id, sku)
);
CREATE INDEX products_by_family ON products (store_id, family, price);

-- Offer rules (schemas/offers.ts offerRules), validated before they are written.
ALTER TABLE stores ADD COLUMN offer_rules TEXT NOT NULL DEFAULT '{}';

-- Counted once per new order (never on a replace), so lift can be computed without scanning orders.
CREATE TABLE store_counters (
  store_id  TEXT PRIMARY KEY,
  orders    INTEGER NOT NULL DEFAULT 0,
  -- RFM cut points (domain/offers/rfm.ts Quintiles) from the last full recomputation (Cron Trigger).
  quintiles TEXT,
  quintiles_at TEXT
);
CREATE TABLE sku_orders (
  store_id TEXT NOT NULL,
  sku      TEXT NOT NULL,
  orders   INTEGER NOT NULL,
  PRIMARY KEY (store_id, sku)
);
-- Both directions are stored, so "what goes with a" is one index range.
CREATE TABLE co_purchase (
  store_id TEXT NOT NULL,
  sku_a    TEXT NOT NULL,
  sku_b    TEXT NOT NULL,
  together INTEGER NOT NULL,
  PRIMARY KEY (store_id, sku_a, sku_b)
);
CREATE TABLE customer_totals (
  store_id      TEXT NOT NULL,
  customer_id   TEXT NOT NULL,
  orders        INTEGER NOT NULL,
  revenue       INTEGER NOT NULL,
  last_order_at TEXT NOT NULL,
  PRIMARY KEY (store_id, customer_id)
);

-- Every answer to GET /v1/o/{token}/offers, holdout included: the record lift is measured from.
CREATE TABLE offer_decisions (
  store_id    TEXT NOT NULL,
  id          TEXT NOT NULL,
  order_id    TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  placement   TEXT NOT NULL,
  arm         TEXT NOT NULL CHECK (arm IN ('treatment', 'holdout')),
  segment     TEXT NOT NULL,
  offers      TEXT NOT NULL,
  at          TEXT NOT NULL,
  PRIMARY KEY (store_id, id)
);
CREATE INDEX offer_decisions_by_customer ON offer_decisions (store_id, customer_id, at);

-- Shown and clicked counts per segment and offer kind: what the bandit samples from.
CREATE TABLE offer_kind_stats (
  store_id TEXT NOT NULL,
  segment  TEXT NOT NULL,
  kind     TEXT NOT NULL,
  shown    INTEGER NOT NULL DEFAULT 0,
  clicked  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id, segment, kind)
);

-- An order containing a sku the same customer clicked in an offer within the attribution window.
CREATE TABLE offer_conversions (
  store_id       TEXT NOT NULL,
  order_id       TEXT NOT NULL,
  sku            TEXT NOT NULL,
  click_event_id TEXT NOT NULL,
  clicked_at     TEXT NOT NULL,
  revenue        INTEGER NOT NULL,
  PRIMARY KEY (store_id, order_id, sku)
);
