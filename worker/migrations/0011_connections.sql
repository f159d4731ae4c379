-- The outside systems a store links: its store platform (Shopify, WooCommerce), its tracking
-- aggregator (EasyPost, AfterShip) and its message destinations (Klaviyo). One row per store and
-- provider. `settings` holds what is not secret (the shop's domain, the site's address) as JSON;
-- `secrets_sealed` holds the credentials sealed with DOORSTEP_SECRET_KEY, like the webhook secrets.
CREATE TABLE store_connections (
  store_id       TEXT NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
  provider       TEXT NOT NULL CHECK (provider IN ('shopify', 'woocommerce', 'easypost', 'aftership', 'klaviyo')),
  kind           TEXT NOT NULL CHECK (kind IN ('platform', 'aggregator', 'destination')),
  settings       TEXT NOT NULL DEFAULT '{}',
  secrets_sealed TEXT NOT NULL,
  status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'disconnected')),
  last_in_at     TEXT,
  last_out_at    TEXT,
  last_error     TEXT,
  last_error_at  TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  PRIMARY KEY (store_id, provider)
);
-- A platform's own shop identity (a myshopify.com domain) finds its store: one store per shop.
CREATE INDEX store_connections_by_kind ON store_connections (store_id, kind);
