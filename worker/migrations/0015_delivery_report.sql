-- The dashboard's messages to the store's tools (GET /v1/admin/deliveries): a store's attempts of the
-- last days, newest first, without reading every attempt the store ever made.
CREATE INDEX outbound_attempts_recent ON outbound_attempts (store_id, at);
