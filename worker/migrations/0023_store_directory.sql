-- Many databases (issue 23): which shard each store lives in. Every shard runs the same migrations, so
-- every shard has this table, but only s0's (the `DB` binding) is read or written: it is the
-- directory. The other shards' copies stay empty (worker/storage/store-directory.ts).
--
-- A store never moves shard, so a row is written once, when the store is made, before the store
-- itself; a store without a row lives in s0 (stores made before shards, and the tests' fixtures).
CREATE TABLE store_directory (
  store_id   TEXT PRIMARY KEY,
  shard      TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- Stores already here are s0's: written down so that counting stores per shard (where a new store
-- goes) counts them too. In a shard added later this copies nothing (its stores table is empty).
INSERT INTO store_directory (store_id, shard, created_at) SELECT id, 's0', created_at FROM stores;
