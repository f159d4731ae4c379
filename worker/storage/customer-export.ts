/**
 * The reads behind a customer's export (GDPR art. 15; Shopify's customers/data_request): every row
 * Doorstep keeps about one customer and their orders, in one batch (one consistent snapshot). The
 * rows go to domain/customer-export.ts, which shapes them and leaves the order tokens out.
 */
import type { ExportRows } from "../domain/customer-export.ts";

/** A store's customer, if it has one by this id. */
export async function customerExists(db: D1Database, storeId: string, customerId: string): Promise<boolean> {
  return (await db.prepare(`SELECT 1 FROM customers WHERE store_id = ? AND id = ?`).bind(storeId, customerId).first()) !== null;
}

// ?1 the store, ?2 the customer (or null), ?3 a JSON array of order ids named with them.
/** The orders: the customer's, and those named. */
const ORDERS = `SELECT id FROM orders WHERE store_id = ?1 AND (customer_id = ?2 OR id IN (SELECT value FROM json_each(?3)))`;
/** The customers: the one named, and those of the orders. */
const CUSTOMERS = `SELECT ?2 UNION SELECT customer_id FROM orders WHERE store_id = ?1 AND id IN (${ORDERS})`;
const PARCELS = `SELECT id FROM shipments WHERE store_id = ?1 AND order_id IN (${ORDERS})`;
const TRACKING_NUMBERS = `SELECT tracking_number FROM shipments WHERE store_id = ?1 AND order_id IN (${ORDERS})`;
/** Events for the merchant's tools about them: by one of the orders, or naming one of the customers. */
const ABOUT_THEM = `store_id = ?1 AND (json_extract(payload, '$.data.orderId') IN (${ORDERS})
  OR json_extract(payload, '$.data.customerId') IN (${CUSTOMERS}) OR json_extract(payload, '$.data.customer.id') IN (${CUSTOMERS}))`;

const READS: Record<keyof ExportRows, string> = {
  customers: `SELECT id, email, phone, first_name, last_name, erased_at, created_at FROM customers WHERE store_id = ?1 AND id IN (${CUSTOMERS}) ORDER BY id`,
  orders: `SELECT id, number, customer_id, source, placed_at, currency, locale, subtotal, total, cancelled_at, checkout_feel,
                  checkout_feel_at, created_at, updated_at
           FROM orders WHERE store_id = ?1 AND id IN (${ORDERS}) ORDER BY placed_at, id`,
  lines: `SELECT order_id, sku, name, family, quantity, unit_price, image_url, url FROM order_lines
          WHERE store_id = ?1 AND order_id IN (${ORDERS}) ORDER BY order_id, position`,
  adjustments: `SELECT order_id, kind, label, amount FROM order_adjustments
                WHERE store_id = ?1 AND order_id IN (${ORDERS}) ORDER BY order_id, kind, position`,
  // The token itself is read only so that it can be taken out of what the events carried.
  tokens: `SELECT order_id, token, created_at, revoked_at FROM order_tokens
           WHERE store_id = ?1 AND order_id IN (${ORDERS}) ORDER BY order_id, created_at`,
  shipments: `SELECT id, order_id, carrier, tracking_number, tracking_url, promised_from, promised_to, created_at FROM shipments
              WHERE store_id = ?1 AND order_id IN (${ORDERS}) ORDER BY order_id, created_at, id`,
  shipmentLines: `SELECT shipment_id, sku, quantity FROM shipment_lines
                  WHERE store_id = ?1 AND shipment_id IN (${PARCELS}) ORDER BY shipment_id, sku`,
  scans: `SELECT tracking_number, id, source, status, vendor_status, exception_kind, delay_reason, occurred_at, location,
                 description, received_at
          FROM carrier_events WHERE store_id = ?1 AND tracking_number IN (${TRACKING_NUMBERS}) ORDER BY tracking_number, occurred_at, id`,
  estimates: `SELECT tracking_number, estimate_from, estimate_to, reported_at FROM carrier_estimates
              WHERE store_id = ?1 AND tracking_number IN (${TRACKING_NUMBERS})`,
  notices: `SELECT order_id, kind, ref, since, raised_at, withdrawn_at FROM parcel_notices
            WHERE store_id = ?1 AND order_id IN (${ORDERS}) ORDER BY order_id, raised_at, kind, ref`,
  preferences: `SELECT order_id, channel, contact, consent_at FROM order_preferences
                WHERE store_id = ?1 AND order_id IN (${ORDERS}) ORDER BY order_id`,
  marketingConsents: `SELECT customer_id, channel, state, at, source, updated_at FROM marketing_consents
                      WHERE store_id = ?1 AND customer_id IN (${CUSTOMERS}) ORDER BY customer_id, channel`,
  consentChanges: `SELECT customer_id, order_id, purpose, channel, state, at, source, recorded_at FROM consent_changes
                   WHERE store_id = ?1 AND customer_id IN (${CUSTOMERS}) ORDER BY recorded_at, rowid`,
  surveys: `SELECT order_id, rating, nps, standout_choice, standout_text, wants, comment, callback_phone, callback_time, sentiment,
                   next_action, steps_answered, completed_at, alert_resolved_at, created_at, updated_at
            FROM survey_responses WHERE store_id = ?1 AND order_id IN (${ORDERS}) ORDER BY created_at, order_id`,
  // Every answer to every survey question (issue 25), as given.
  surveyAnswers: `SELECT order_id, placement, version, question_id, question_type, value, created_at, updated_at FROM survey_answers
                  WHERE store_id = ?1 AND order_id IN (${ORDERS}) ORDER BY created_at, order_id, placement, question_id`,
  reviews: `SELECT order_id, sku, rating, title, body, status, moderation_reason, author, reply_body, created_at, updated_at,
              (SELECT json_group_array(key) FROM (SELECT key FROM review_photos p
                 WHERE p.store_id = r.store_id AND p.order_id = r.order_id AND p.sku = r.sku ORDER BY position)) AS photos
            FROM reviews r WHERE store_id = ?1 AND order_id IN (${ORDERS}) ORDER BY created_at, order_id, sku`,
  moments: `SELECT order_id, kind, ref, due_at, marketing, status, reason, decided_at, event_id, consent FROM lifecycle_moments
            WHERE store_id = ?1 AND order_id IN (${ORDERS}) ORDER BY due_at, order_id, kind, ref`,
  offerDecisions: `SELECT order_id, placement, arm, segment, offers, at FROM offer_decisions
                   WHERE store_id = ?1 AND order_id IN (${ORDERS}) ORDER BY at, id`,
  widgetEvents: `SELECT order_id, type, target, occurred_at FROM widget_events
                 WHERE store_id = ?1 AND order_id IN (${ORDERS}) ORDER BY occurred_at, id`,
  // Each event with its deliveries (by the deliveries' primary key), so the events are scanned once.
  outboundEvents: `SELECT e.id, e.type, e.payload, e.created_at,
                          (SELECT json_group_array(json_object('endpointId', d.endpoint_id, 'attempts', d.attempts, 'deliveredAt', d.delivered_at))
                           FROM outbound_deliveries d WHERE d.store_id = e.store_id AND d.event_id = e.id) AS deliveries
                   FROM outbound_events e WHERE ${ABOUT_THEM} ORDER BY e.created_at, e.id`,
};

/**
 * Every row about the customer (null: only the orders named) and the orders named with them, the
 * customers of those orders included; one batch, so one snapshot.
 */
export async function customerRows(db: D1Database, storeId: string, customerId: string | null, orderIds: string[]): Promise<ExportRows> {
  const names = Object.keys(READS) as (keyof ExportRows)[];
  const results = await db.batch(names.map((name) => db.prepare(READS[name]).bind(storeId, customerId, JSON.stringify(orderIds))));
  return Object.fromEntries(
    names.map((name, i) => [name, (results[i]?.results ?? []) as ExportRows[keyof ExportRows]]),
  ) as unknown as ExportRows;
}
