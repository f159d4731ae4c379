-- The store's own wording for widget strings, per language (schemas/store.ts customMessages).
ALTER TABLE stores ADD COLUMN messages TEXT NOT NULL DEFAULT '{}';
