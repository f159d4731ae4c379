-- Issue 23 item 2: widget events are written by a queue consumer. A queue message that cannot be
-- written (its body is not an event message, or its write kept failing until the queue gave up) is
-- kept here, never dropped: the merchant sees it at GET /v1/admin/dead-letters.
-- `id` is the queue message's own id, so a dead letter delivered twice is kept once. `store_id` is
-- null only for a body that names no store (nothing this worker sends; an operator can still read it).
CREATE TABLE dead_letters (
  id        TEXT PRIMARY KEY,
  store_id  TEXT,
  queue     TEXT NOT NULL,
  -- invalid_message (refused on arrival, not retried) or retries_exhausted (from the dead-letter queue)
  reason    TEXT NOT NULL,
  detail    TEXT NOT NULL,
  -- The message body as JSON: for an event, {v, storeId, orderId, customerId, receivedAt, event}.
  body      TEXT NOT NULL,
  at        TEXT NOT NULL
);
-- A store's dead letters, newest first.
CREATE INDEX dead_letters_by_store ON dead_letters (store_id, at);
