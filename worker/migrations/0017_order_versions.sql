-- What a shopper's refresh is answered from (issue 23): a version per order, raised in the same
-- transaction as every write that changes what GET /v1/o/{token} shows of it (the order, its parcels,
-- scans and estimates, the update choice and marketing consent, survey and reviews, the checkout-feel
-- cue, its token), and one per store for the settings that view shows (name, branding, contacts,
-- policies, promises, messages, locales, origins). The ETag is made of the two and of when the view
-- next changes by itself, so `If-None-Match` is answered with one indexed read and the edge cache keys
-- the whole answer by them (worker/storage/view-versions.ts lists every writer).
ALTER TABLE orders ADD COLUMN view_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stores ADD COLUMN view_version INTEGER NOT NULL DEFAULT 0;
