-- Reviews that sell (issue 24): published reviews with a moderation queue for stated policy reasons only,
-- one public merchant reply per review, photos, the shopper's choice of display name, and the product
-- identifiers Google matches reviews by.

-- Published unless the text breaks a stated policy (domain/reviews/moderation.ts): never by rating
-- (FTC 16 CFR 465.7). `moderation_reason` says why a review is pending or rejected; a merchant's
-- decision records who (`api_key` or `session`) and when.
ALTER TABLE reviews ADD COLUMN status TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'pending', 'rejected'));
ALTER TABLE reviews ADD COLUMN moderation_reason TEXT CHECK (moderation_reason IN ('personal_data', 'offensive', 'link', 'spam'));
ALTER TABLE reviews ADD COLUMN moderated_by TEXT;
ALTER TABLE reviews ADD COLUMN moderated_at TEXT;
-- The review's public id: opaque, never the order id (`rv_` and 22 random URL-safe characters).
ALTER TABLE reviews ADD COLUMN public_id TEXT;
-- How the shopper wants to be named: 'name' (first name and initial) or 'anonymous'.
ALTER TABLE reviews ADD COLUMN author TEXT NOT NULL DEFAULT 'name' CHECK (author IN ('name', 'anonymous'));
-- The merchant's one public reply.
ALTER TABLE reviews ADD COLUMN reply_body TEXT;
ALTER TABLE reviews ADD COLUMN reply_created_at TEXT;
ALTER TABLE reviews ADD COLUMN reply_updated_at TEXT;

-- Reviews written before this migration get their public id here (hex of 16 random bytes behind rv_).
UPDATE reviews SET public_id = 'rv_' || lower(hex(randomblob(16))) WHERE public_id IS NULL;
CREATE UNIQUE INDEX reviews_by_public_id ON reviews (public_id);
-- The product page's list: one index range per sku and status, newest first.
CREATE INDEX reviews_by_sku_status ON reviews (store_id, sku, status, created_at);

-- The names a review is signed with (first name and the initial of the last); erased with the customer.
ALTER TABLE customers ADD COLUMN first_name TEXT;
ALTER TABLE customers ADD COLUMN last_name TEXT;

-- What Google matches reviews to products by, where the merchant's catalogue has them.
ALTER TABLE products ADD COLUMN brand TEXT;
ALTER TABLE products ADD COLUMN gtin TEXT;
ALTER TABLE products ADD COLUMN mpn TEXT;

-- Up to three photos per review, metadata stripped before they were stored (R2 bucket PHOTOS, object
-- name = key). Served only while the review is published; deleted with the customer.
CREATE TABLE review_photos (
  key          TEXT PRIMARY KEY,
  store_id     TEXT NOT NULL,
  order_id     TEXT NOT NULL,
  sku          TEXT NOT NULL,
  position     INTEGER NOT NULL CHECK (position BETWEEN 1 AND 3),
  content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  bytes        INTEGER NOT NULL,
  width        INTEGER,
  height       INTEGER,
  created_at   TEXT NOT NULL,
  UNIQUE (store_id, order_id, sku, position),
  FOREIGN KEY (store_id, order_id, sku) REFERENCES reviews(store_id, order_id, sku) ON DELETE CASCADE
);

-- R2 objects whose rows are gone (an erased customer's photos): the worker deletes the objects and
-- then these rows, right after an erasure through the API and on the minute cron for the others.
CREATE TABLE photo_deletions (
  key       TEXT PRIMARY KEY,
  store_id  TEXT NOT NULL,
  queued_at TEXT NOT NULL
);
