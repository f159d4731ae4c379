/**
 * Erasing one customer's personal data on request (GDPR art. 17 and its cousins), as one batch the
 * worker and the operator CLI both run. What identifies or describes the person goes: contact
 * details, their own words (survey comments and call-back details, review titles and texts), the
 * carriers' raw payloads for their parcels (which can carry names and addresses), and the payloads of
 * webhooks about their orders (which carry contact details and answers), whose undelivered sends stop.
 * Anonymous facts stay, so the store's figures stay true: orders and totals, ratings, choices, events.
 * The customer id stays too: it is the merchant's own key, and `erased_at` on it stops every later
 * message (lifecycle moments check it when they come due).
 */
import { sql, type Statement } from "./statement.ts";

// Plain `?` placeholders throughout: the CLI inlines parameters in order (statement.ts toSqlScript).
const ORDERS = `SELECT id FROM orders WHERE store_id = ? AND customer_id = ?`;
const PARCELS = `SELECT tracking_number FROM shipments WHERE store_id = ? AND order_id IN (${ORDERS})`;

export function eraseCustomerStatements(storeId: string, customerId: string, now: string): Statement[] {
  const s = storeId;
  const c = customerId;
  return [
    sql(`UPDATE customers SET email = NULL, phone = NULL, erased_at = coalesce(erased_at, ?), updated_at = ? WHERE store_id = ? AND id = ?`, now, now, s, c),
    sql(`UPDATE order_preferences SET contact = NULL, channel = 'none' WHERE store_id = ? AND order_id IN (${ORDERS})`, s, s, c),
    sql(`UPDATE survey_responses SET standout_text = NULL, comment = NULL, callback_phone = NULL, callback_time = NULL, updated_at = ? WHERE store_id = ? AND customer_id = ?`, now, s, c),
    sql(`UPDATE reviews SET title = NULL, body = NULL, updated_at = ? WHERE store_id = ? AND customer_id = ?`, now, s, c),
    sql(`UPDATE carrier_events SET raw = '{}', location = NULL WHERE store_id = ? AND tracking_number IN (${PARCELS})`, s, s, s, c),
    sql(`UPDATE webhook_deliveries SET body = '{}' WHERE store_id = ? AND tracking_number IN (${PARCELS})`, s, s, s, c),
    sql(
      `UPDATE outbound_deliveries SET next_attempt_at = NULL WHERE store_id = ? AND delivered_at IS NULL AND event_id IN (
         SELECT id FROM outbound_events WHERE store_id = ? AND json_extract(payload, '$.data.orderId') IN (${ORDERS}))`,
      s, s, s, c,
    ),
    sql(`UPDATE outbound_events SET payload = json_object('id', id, 'type', type, 'erased', ?) WHERE store_id = ? AND json_extract(payload, '$.data.orderId') IN (${ORDERS})`, now, s, s, c),
    sql(`UPDATE lifecycle_moments SET status = 'suppressed', reason = 'erased', decided_at = ?, updated_at = ? WHERE store_id = ? AND customer_id = ? AND status = 'scheduled'`, now, now, s, c),
  ];
}

/** Days raw carrier webhook bodies are kept (for audit and replays); the events parsed from them stay. */
export const RAW_WEBHOOK_DAYS = 30;

/**
 * The daily clean-up: raw webhook bodies past their audit period (they can carry recipients' names and
 * addresses), and expired dashboard logins and sessions.
 */
export function retentionStatements(now: Date): Statement[] {
  const cutoff = new Date(now.getTime() - RAW_WEBHOOK_DAYS * 86_400_000).toISOString();
  const iso = now.toISOString();
  return [
    sql(`UPDATE webhook_deliveries SET body = '{}' WHERE received_at < ? AND body <> '{}'`, cutoff),
    sql(`UPDATE carrier_events SET raw = '{}' WHERE received_at < ? AND raw <> '{}'`, cutoff),
    sql(`DELETE FROM admin_logins WHERE expires_at < ?`, iso),
    sql(`DELETE FROM admin_sessions WHERE expires_at < ?`, iso),
  ];
}
