-- Store platforms (Shopify, WooCommerce) feeding orders, parcels and products by webhook (issue 19).

-- A platform order keeps the platform's order id as its id; `number` is what shoppers and support see
-- and type (Shopify's "#1071", WooCommerce's number), `source` the platform, and `source_updated_at`
-- the platform's own updated_at (UTC ISO), so an update older than the stored one never overwrites it.
-- Orders posted through POST /v1/orders leave all three NULL: their id is their number.
ALTER TABLE orders ADD COLUMN number TEXT;
ALTER TABLE orders ADD COLUMN source TEXT;
ALTER TABLE orders ADD COLUMN source_updated_at TEXT;
CREATE INDEX orders_by_number ON orders (store_id, number) WHERE number IS NOT NULL;

-- The same for a parcel made from a platform's fulfillment or tracking item.
ALTER TABLE shipments ADD COLUMN source_updated_at TEXT;

-- Every verified platform delivery, stored before it is answered and processed after the answer (the
-- platforms give an endpoint a few seconds). The platform's delivery id is the key, so a redelivery is
-- recognised and changes nothing. A pending row whose next_attempt_at has come is (re)processed by
-- whoever claims it first (the request that stored it, else the minute cron): claiming moves
-- next_attempt_at ahead by the retry delay, so a processor that dies leaves it to the next try.
-- Bodies hold shoppers' names and addresses: cleared 30 days after arrival, and by erasure.
CREATE TABLE platform_deliveries (
  store_id        TEXT NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
  platform        TEXT NOT NULL CHECK (platform IN ('shopify', 'woocommerce')),
  id              TEXT NOT NULL,
  topic           TEXT NOT NULL,
  body            TEXT NOT NULL,
  received_at     TEXT NOT NULL,
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  processed_at    TEXT,
  -- What processing did ("order 1071 created", "stale: a newer version is stored") or why it failed.
  outcome         TEXT,
  PRIMARY KEY (store_id, platform, id)
);
CREATE INDEX platform_deliveries_due ON platform_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX platform_deliveries_by_time ON platform_deliveries (received_at);

-- A platform product and the catalogue skus made from it (a Shopify product has a sku per variant), so
-- products/delete can withdraw them, and the platform's updated_at so an older update is ignored.
CREATE TABLE platform_products (
  store_id   TEXT NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
  platform   TEXT NOT NULL,
  product_id TEXT NOT NULL,
  skus       TEXT NOT NULL DEFAULT '[]',
  updated_at TEXT,
  deleted_at TEXT,
  PRIMARY KEY (store_id, platform, product_id)
);

-- Shopify's customers/data_request: a shopper asked the merchant for their data. The merchant fetches
-- what Doorstep holds about them (GET /v1/admin/data-requests); nothing personal is copied here.
CREATE TABLE platform_data_requests (
  store_id     TEXT NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
  platform     TEXT NOT NULL,
  id           TEXT NOT NULL,
  customer_id  TEXT,
  order_ids    TEXT NOT NULL DEFAULT '[]',
  requested_at TEXT NOT NULL,
  PRIMARY KEY (store_id, platform, id)
);

-- Never holds a row. A platform write whose data is older than what is stored starts its batch by
-- inserting 1 here, which fails the CHECK and rolls the whole batch back (D1 runs a batch as one
-- transaction): the freshness check and the write cannot be split by a concurrent newer write.
CREATE TABLE platform_write_guard (
  stale INTEGER NOT NULL CHECK (stale = 0)
);
