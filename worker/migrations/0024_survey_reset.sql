-- Back to the built-in survey (issue 25 follow-up): a merchant who published their own survey may publish
-- the built-in one again. That is a version like any other (versions are never reused: answers name the
-- version they answered), stored with no definition: NULL means "from this version on, the built-in
-- default (version 0) is asked". Answers given to the built-in survey are still version 0; the merchant's
-- earlier versions stay, so a shopper who loaded one can still answer it and reports keep reading them.
-- SQLite cannot drop a NOT NULL in place, so the table is rebuilt with the same rows (nothing refers to it).
CREATE TABLE survey_definitions_0024 (
  store_id   TEXT NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
  placement  TEXT NOT NULL CHECK (placement IN ('confirmation', 'post_delivery')),
  version    INTEGER NOT NULL CHECK (version >= 1),
  definition TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (store_id, placement, version)
);
INSERT INTO survey_definitions_0024 (store_id, placement, version, definition, created_at)
SELECT store_id, placement, version, definition, created_at FROM survey_definitions;
DROP TABLE survey_definitions;
ALTER TABLE survey_definitions_0024 RENAME TO survey_definitions;
