-- Offers read a customer's latest orders by (customer, time) and need each order's id: with the id in
-- the index the walk never touches the orders table (a reseller's thousands of orders stay cheap).
CREATE INDEX orders_by_customer_recent ON orders (store_id, customer_id, placed_at, id);
DROP INDEX orders_by_customer;
-- A sku's strongest co-purchase pairs in order, so offers read the top few instead of sorting all of a
-- bestseller's thousands.
CREATE INDEX co_purchase_strongest ON co_purchase (store_id, sku_a, together DESC, sku_b);
