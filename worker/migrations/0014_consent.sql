-- Marketing consent, kept apart from the delivery-update choice (order_preferences): per customer and
-- channel, the state that holds now, which is the newest by when it was given or withdrawn (news about
-- consent may arrive out of order: a platform's older webhook after the shopper's newer click).
CREATE TABLE marketing_consents (
  store_id    TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  channel     TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
  state       TEXT NOT NULL CHECK (state IN ('granted', 'pending', 'denied', 'withdrawn')),
  -- When the shopper gave or withdrew it (as the source says), and who told us: order, shopify,
  -- woocommerce, tracking_page, admin.
  at          TEXT NOT NULL,
  source      TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (store_id, customer_id, channel)
);

-- Every change of a shopper's consent, delivery updates and marketing alike, with its time and source:
-- what a merchant shows a regulator. Only changes are kept (the same state sent again is no change).
CREATE TABLE consent_changes (
  store_id    TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  order_id    TEXT,
  purpose     TEXT NOT NULL CHECK (purpose IN ('updates', 'marketing')),
  channel     TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'none')),
  state       TEXT NOT NULL,
  at          TEXT NOT NULL,
  source      TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX consent_changes_of_customer ON consent_changes (store_id, customer_id, recorded_at);

-- What a sent moment went out under: {"basis": "updates"|"marketing", "channel": "email"|"sms", ...}.
-- Withdrawing marketing consent for a channel cancels the undelivered messages sent under it.
ALTER TABLE lifecycle_moments ADD COLUMN consent TEXT;
-- A customer's sent moments, found at once when their consent is withdrawn.
CREATE INDEX lifecycle_moments_of_customer ON lifecycle_moments (store_id, customer_id) WHERE event_id IS NOT NULL;
