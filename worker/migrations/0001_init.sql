-- Stores, customers, orders and the opaque tokens shoppers read them with.
-- Money is always an integer in the currency's minor unit; times are ISO 8601 UTC strings.

CREATE TABLE stores (
  id              TEXT PRIMARY KEY,
  name            TEXT NOT NULL,
  -- Branding, support contacts, return policy, shipping promise and locales are validated by zod
  -- (worker/schemas/store.ts) before they are written, so the JSON here is always well-formed.
  branding        TEXT NOT NULL DEFAULT '{}',
  support         TEXT NOT NULL DEFAULT '{}',
  return_policy   TEXT NOT NULL DEFAULT '{}',
  shipping        TEXT NOT NULL DEFAULT '{}',
  default_locale  TEXT NOT NULL DEFAULT 'en',
  locales         TEXT NOT NULL DEFAULT '["en"]',
  status_page_url TEXT,
  -- Only the SHA-256 of the API key is kept: a leaked database must not let anyone write orders.
  api_key_hash    TEXT NOT NULL UNIQUE,
  -- Webhook secrets must be usable to verify HMACs, so they are encrypted (AES-GCM), not hashed.
  webhook_secrets TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);

CREATE TABLE store_origins (
  store_id TEXT NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
  origin   TEXT NOT NULL,
  PRIMARY KEY (store_id, origin)
);

CREATE TABLE customers (
  store_id   TEXT NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
  id         TEXT NOT NULL,
  email      TEXT,
  phone      TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (store_id, id)
);

CREATE TABLE orders (
  store_id         TEXT NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
  id               TEXT NOT NULL,
  customer_id      TEXT NOT NULL,
  placed_at        TEXT NOT NULL,
  currency         TEXT NOT NULL,
  locale           TEXT,
  subtotal         INTEGER NOT NULL,
  total            INTEGER NOT NULL,
  checkout_feel    TEXT CHECK (checkout_feel IN ('easy', 'okay', 'hard')),
  checkout_feel_at TEXT,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  PRIMARY KEY (store_id, id),
  FOREIGN KEY (store_id, customer_id) REFERENCES customers(store_id, id)
);
CREATE INDEX orders_by_customer ON orders (store_id, customer_id, placed_at);
CREATE INDEX orders_by_placed_at ON orders (store_id, placed_at);

CREATE TABLE order_lines (
  store_id   TEXT NOT NULL,
  order_id   TEXT NOT NULL,
  position   INTEGER NOT NULL,
  sku        TEXT NOT NULL,
  name       TEXT NOT NULL,
  family     TEXT,
  quantity   INTEGER NOT NULL CHECK (quantity > 0),
  unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
  image_url  TEXT,
  url        TEXT,
  PRIMARY KEY (store_id, order_id, position),
  FOREIGN KEY (store_id, order_id) REFERENCES orders(store_id, id) ON DELETE CASCADE
);
CREATE INDEX order_lines_by_sku ON order_lines (store_id, sku);

-- Fees (shipping, tax, gift wrap) and discounts share one shape; `kind` tells them apart.
CREATE TABLE order_adjustments (
  store_id TEXT NOT NULL,
  order_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  kind     TEXT NOT NULL CHECK (kind IN ('fee', 'discount')),
  label    TEXT NOT NULL,
  amount   INTEGER NOT NULL CHECK (amount >= 0),
  PRIMARY KEY (store_id, order_id, kind, position),
  FOREIGN KEY (store_id, order_id) REFERENCES orders(store_id, id) ON DELETE CASCADE
);

-- A token is itself the credential, so it is stored as issued: anyone able to read this table could
-- read the orders directly. It carries 256 random bits, and revoking one sets revoked_at.
CREATE TABLE order_tokens (
  token      TEXT PRIMARY KEY,
  store_id   TEXT NOT NULL,
  order_id   TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  FOREIGN KEY (store_id, order_id) REFERENCES orders(store_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX order_tokens_one_active ON order_tokens (store_id, order_id) WHERE revoked_at IS NULL;

-- Widget events (views, clicks, answers). The browser sends each at least once; the primary key
-- makes the database count it exactly once.
CREATE TABLE widget_events (
  store_id    TEXT NOT NULL,
  id          TEXT NOT NULL,
  order_id    TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  type        TEXT NOT NULL,
  target      TEXT,
  occurred_at TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (store_id, id)
);
CREATE INDEX widget_events_by_order ON widget_events (store_id, order_id, occurred_at);
CREATE INDEX widget_events_by_type ON widget_events (store_id, type, occurred_at);
