-- An order the merchant cancelled: its lifecycle moments not yet sent are withdrawn.
ALTER TABLE orders ADD COLUMN cancelled_at TEXT;
