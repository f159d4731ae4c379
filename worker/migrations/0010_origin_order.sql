-- The store's origins in the order the merchant listed them: the first is its primary origin, where
-- order-status links go when the store has no statusPageUrl (domain/status-url.ts). Origins stored
-- before this column have no position; for them the primary is the first https origin that is not a
-- developer's machine, in the order they were inserted.
ALTER TABLE store_origins ADD COLUMN position INTEGER;
