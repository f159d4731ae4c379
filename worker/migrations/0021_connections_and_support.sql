-- The connections page and the order panel (issue 26).

-- When a connection's credentials were last set: the dashboard shows "set on <date>", never the
-- credentials. Every connect seals them anew (typing a new one rotates it); earlier rows take the time
-- they were last written, the best there is.
ALTER TABLE store_connections ADD COLUMN secrets_set_at TEXT;
UPDATE store_connections SET secrets_set_at = updated_at;

-- Support finds an order by the customer's email, typed as the shopper wrote it: exact match,
-- case-insensitive (as the shopper's own lookup matches), from an index rather than a scan of the store.
CREATE INDEX customers_by_email ON customers (store_id, lower(email)) WHERE email IS NOT NULL;
