-- Surveys merchants shape (issue 25): a definition per store and placement, versioned; per-question
-- answers that keep the version they answered; a true 0–10 NPS beside the 1–5 rating; the store's
-- analytics settings (the widget's dataLayer push).

-- Every PUT /v1/admin/surveys/{placement} is a new version (1, 2, …); the newest is the one asked.
-- Version 0 is the built-in default and is never stored. `definition` is the validated, normalised
-- SurveyDefinitionInput as JSON (domain/surveys/definition.ts). Old versions stay: an answer names the
-- version it answered, and a shopper who loaded version 1 can still answer it after version 2.
CREATE TABLE survey_definitions (
  store_id   TEXT NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
  placement  TEXT NOT NULL CHECK (placement IN ('confirmation', 'post_delivery')),
  version    INTEGER NOT NULL CHECK (version >= 1),
  definition TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (store_id, placement, version)
);

-- One answer per order, placement and question (answering again replaces it). `value` is the
-- SurveyAnswerValue as JSON; `question_type` is the type in the version answered, so reports read an
-- answer without its definition. Gone with the order (erasure deletes orders; the cascade takes these).
CREATE TABLE survey_answers (
  store_id      TEXT NOT NULL,
  order_id      TEXT NOT NULL,
  customer_id   TEXT NOT NULL,
  placement     TEXT NOT NULL CHECK (placement IN ('confirmation', 'post_delivery')),
  question_id   TEXT NOT NULL,
  version       INTEGER NOT NULL CHECK (version >= 0),
  question_type TEXT NOT NULL,
  value         TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  PRIMARY KEY (store_id, order_id, placement, question_id),
  FOREIGN KEY (store_id, order_id) REFERENCES orders(store_id, id) ON DELETE CASCADE
);
-- The attribution report and the NPS figure read answers of one type over a store.
CREATE INDEX survey_answers_by_type ON survey_answers (store_id, question_type, order_id);

-- When a placement's survey was completed on an order (every required question answered): the 24-hour
-- edit window runs from it. The built-in post-delivery survey keeps its completion in survey_responses.
CREATE TABLE survey_completions (
  store_id     TEXT NOT NULL,
  order_id     TEXT NOT NULL,
  placement    TEXT NOT NULL,
  version      INTEGER NOT NULL,
  completed_at TEXT NOT NULL,
  PRIMARY KEY (store_id, order_id, placement),
  FOREIGN KEY (store_id, order_id) REFERENCES orders(store_id, id) ON DELETE CASCADE
);

-- survey_responses holds the signal (sentiment, next action) whatever survey gave it: its rating may now
-- be absent when a merchant's survey drives the signal with a 0–10 NPS question instead. SQLite cannot
-- relax a NOT NULL or a CHECK in place, so the table is rebuilt with the same rows and indexes.
PRAGMA defer_foreign_keys = true;
CREATE TABLE survey_responses_0019 (
  store_id          TEXT NOT NULL,
  order_id          TEXT NOT NULL,
  customer_id       TEXT NOT NULL,
  rating            INTEGER CHECK (rating BETWEEN 1 AND 5),
  nps               INTEGER CHECK (nps BETWEEN 0 AND 10),
  standout_choice   TEXT,
  standout_text     TEXT,
  wants             TEXT CHECK (wants IN ('tip', 'promotion', 'demo', 'none')),
  comment           TEXT,
  callback_phone    TEXT,
  callback_time     TEXT,
  sentiment         TEXT NOT NULL CHECK (sentiment IN ('positive', 'neutral', 'negative')),
  next_action       TEXT NOT NULL,
  -- A merchant's survey counts its answered questions here (up to five).
  steps_answered    INTEGER NOT NULL CHECK (steps_answered BETWEEN 1 AND 5),
  completed_at      TEXT,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  alert_resolved_at TEXT,
  PRIMARY KEY (store_id, order_id),
  FOREIGN KEY (store_id, order_id) REFERENCES orders(store_id, id) ON DELETE CASCADE,
  CHECK (rating IS NOT NULL OR nps IS NOT NULL)
);
INSERT INTO survey_responses_0019 (store_id, order_id, customer_id, rating, standout_choice, standout_text, wants, comment,
  callback_phone, callback_time, sentiment, next_action, steps_answered, completed_at, created_at, updated_at, alert_resolved_at)
SELECT store_id, order_id, customer_id, rating, standout_choice, standout_text, wants, comment,
  callback_phone, callback_time, sentiment, next_action, steps_answered, completed_at, created_at, updated_at, alert_resolved_at
FROM survey_responses;
DROP TABLE survey_responses;
ALTER TABLE survey_responses_0019 RENAME TO survey_responses;
CREATE INDEX survey_responses_by_time ON survey_responses (store_id, created_at);
CREATE INDEX survey_responses_open_alerts ON survey_responses (store_id, sentiment, alert_resolved_at);

-- Responses given before this migration become the built-in survey's version-0 answers and completions,
-- as every step-wise post writes them from now on: the order view's surveys.post_delivery resumes them
-- and the answers export holds them.
INSERT INTO survey_answers (store_id, order_id, customer_id, placement, question_id, version, question_type, value, created_at, updated_at)
SELECT store_id, order_id, customer_id, 'post_delivery', 'rating', 0, 'rating', CAST(rating AS TEXT), created_at, updated_at
FROM survey_responses WHERE rating IS NOT NULL;
INSERT INTO survey_answers (store_id, order_id, customer_id, placement, question_id, version, question_type, value, created_at, updated_at)
SELECT store_id, order_id, customer_id, 'post_delivery', 'standout', 0, 'single_choice',
  CASE WHEN standout_text IS NOT NULL AND trim(standout_text) <> '' THEN json_object('choice', standout_choice, 'text', standout_text)
       ELSE json_object('choice', standout_choice) END,
  created_at, updated_at
FROM survey_responses WHERE standout_choice IS NOT NULL;
INSERT INTO survey_answers (store_id, order_id, customer_id, placement, question_id, version, question_type, value, created_at, updated_at)
SELECT store_id, order_id, customer_id, 'post_delivery', 'wants', 0, 'single_choice', json_object('choice', wants), created_at, updated_at
FROM survey_responses WHERE wants IS NOT NULL;
INSERT INTO survey_answers (store_id, order_id, customer_id, placement, question_id, version, question_type, value, created_at, updated_at)
SELECT store_id, order_id, customer_id, 'post_delivery', 'comment', 0, 'short_text', json_quote(comment), created_at, updated_at
FROM survey_responses WHERE comment IS NOT NULL AND trim(comment) <> '';
INSERT INTO survey_completions (store_id, order_id, placement, version, completed_at)
SELECT store_id, order_id, 'post_delivery', 0, completed_at FROM survey_responses WHERE completed_at IS NOT NULL;

-- What the widget also tells the merchant's analytics on the page (schemas/store.ts analyticsSettings).
ALTER TABLE stores ADD COLUMN analytics TEXT NOT NULL DEFAULT '{}';
