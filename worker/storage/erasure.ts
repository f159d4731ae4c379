/**
 * Erasing one customer's personal data on request (GDPR art. 17 and its cousins), as one batch the
 * worker and the operator CLI both run. What identifies or describes the person goes: contact
 * details and names, their own words (survey comments, short-text answers and the words of "other" choices,
 * call-back details, review titles and texts), what the
 * carriers said about their parcels in words (scan descriptions such as "Signed for by …", scan
 * locations, which can be a home address, and the raw payloads with the signer and the recipient),
 * events waiting under those parcels' tracking numbers included, and the payloads of webhooks about
 * them (which carry contact details and answers), whose undelivered sends stop.
 * Anonymous facts stay, so the store's figures stay true: orders and totals, ratings, choices, events,
 * and each scan's status and time (the parcel's timeline still draws, without the words).
 * Review photos go too: their rows at once, their R2 objects right after (photo_deletions).
 * Their orders' tokens are revoked: a status link in an old email or a browser's history no longer
 * opens the order, and nothing more can be posted with it (a survey answer, a review, a contact).
 * The customer id stays too: it is the merchant's own key, and `erased_at` on it stops every later
 * message (lifecycle moments check it when they come due) and keeps what arrives later about the same
 * person out: contacts sent again with an order for that id (orders.ts), and carrier scans for their
 * parcels (`scrubErasedParcelStatements`, run with every carrier write).
 */
import { runBatch, sql, type Statement } from "./statement.ts";
import { customerViewsChanged } from "./view-versions.ts";

// Plain `?` placeholders throughout: the CLI inlines parameters in order (statement.ts toSqlScript).
const ORDERS = `SELECT id FROM orders WHERE store_id = ? AND customer_id = ?`;
const PARCELS = `SELECT tracking_number FROM shipments WHERE store_id = ? AND order_id IN (${ORDERS})`;

/** Outbound events about the customer: by any of their orders, or naming them (a survey's, a moment's). */
const ABOUT_CUSTOMER = `store_id = ? AND (json_extract(payload, '$.data.orderId') IN (${ORDERS})
  OR json_extract(payload, '$.data.customerId') = ? OR json_extract(payload, '$.data.customer.id') = ?)`;

/** What a carrier scan says in words, and its raw payload, cleared; its status and time stay. */
const SCRUB_SCANS = `UPDATE carrier_events SET description = NULL, location = NULL, raw = '{}'`;
const SCRUB_DELIVERIES = `UPDATE webhook_deliveries SET body = '{}'`;

/** Erases one customer as one transaction: the rows changed, or null when the store has no such customer. */
export async function eraseCustomer(db: D1Database, storeId: string, customerId: string, now: string): Promise<number | null> {
  const known = await db.prepare(`SELECT 1 FROM customers WHERE store_id = ? AND id = ?`).bind(storeId, customerId).first();
  if (!known) return null;
  const results = await runBatch(db, eraseCustomerStatements(storeId, customerId, now));
  return results.slice(0, -1).reduce((n, r) => n + (r.meta.changes ?? 0), 0);
}

export function eraseCustomerStatements(storeId: string, customerId: string, now: string): Statement[] {
  const s = storeId;
  const c = customerId;
  return [
    // First, while their email is still on file to be recognised: queue messages kept as dead letters
    // that are about them (services/queue-settle.ts keeps a message's body as text).
    scrubDeadLettersStatement(s, c),
    sql(
      `UPDATE customers SET email = NULL, phone = NULL, first_name = NULL, last_name = NULL, erased_at = coalesce(erased_at, ?), updated_at = ? WHERE store_id = ? AND id = ?`,
      now,
      now,
      s,
      c,
    ),
    sql(`UPDATE order_tokens SET revoked_at = ? WHERE store_id = ? AND revoked_at IS NULL AND order_id IN (${ORDERS})`, now, s, s, c),
    sql(`UPDATE order_preferences SET contact = NULL, channel = 'none' WHERE store_id = ? AND order_id IN (${ORDERS})`, s, s, c),
    sql(
      `UPDATE survey_responses SET standout_text = NULL, comment = NULL, callback_phone = NULL, callback_time = NULL, updated_at = ? WHERE store_id = ? AND customer_id = ?`,
      now,
      s,
      c,
    ),
    // Their own words in survey answers (issue 25): short texts go, an "other" choice keeps its choice without the words.
    sql(`DELETE FROM survey_answers WHERE store_id = ? AND customer_id = ? AND question_type = 'short_text'`, s, c),
    sql(
      `UPDATE survey_answers SET value = json_remove(value, '$.text'), updated_at = ?
       WHERE store_id = ? AND customer_id = ? AND json_type(value, '$.text') IS NOT NULL`,
      now,
      s,
      c,
    ),
    sql(`UPDATE reviews SET title = NULL, body = NULL, updated_at = ? WHERE store_id = ? AND customer_id = ?`, now, s, c),
    // Their review photos: the rows go now (nothing serves them from here on) and the R2 objects are
    // queued for deletion (services/review-photos.ts purgeDeletedPhotos: right after an erasure through
    // the API, and on the minute cron for erasures by the operator CLI or a platform's redact webhook).
    sql(
      `INSERT OR IGNORE INTO photo_deletions (key, store_id, queued_at) SELECT key, store_id, ? FROM review_photos WHERE store_id = ? AND order_id IN (${ORDERS})`,
      now,
      s,
      s,
      c,
    ),
    sql(`DELETE FROM review_photos WHERE store_id = ? AND order_id IN (${ORDERS})`, s, s, c),
    // Every scan under the parcels' tracking numbers: the merchant's, the aggregators', and those that
    // arrived before the parcel was registered and waited for it.
    sql(`${SCRUB_SCANS} WHERE store_id = ? AND tracking_number IN (${PARCELS})`, s, s, s, c),
    sql(`${SCRUB_DELIVERIES} WHERE store_id = ? AND tracking_number IN (${PARCELS})`, s, s, s, c),
    sql(
      `UPDATE outbound_deliveries SET next_attempt_at = NULL WHERE store_id = ? AND delivered_at IS NULL AND event_id IN (
         SELECT id FROM outbound_events WHERE ${ABOUT_CUSTOMER})`,
      s,
      s,
      s,
      c,
      c,
      c,
    ),
    sql(
      `UPDATE outbound_events SET payload = json_object('id', id, 'type', type, 'erased', ?) WHERE ${ABOUT_CUSTOMER}`,
      now,
      s,
      s,
      c,
      c,
      c,
    ),
    sql(
      `UPDATE lifecycle_moments SET status = 'suppressed', reason = 'erased', decided_at = ?, updated_at = ? WHERE store_id = ? AND customer_id = ? AND status = 'scheduled'`,
      now,
      now,
      s,
      c,
    ),
    // Store platforms' raw deliveries naming them or their orders (processed ones: a pending one still
    // becomes its order, without the contacts, and its body goes with the 30-day clean-up).
    sql(
      `UPDATE platform_deliveries SET body = '{}' WHERE store_id = ? AND status <> 'pending' AND body <> '{}' AND (
         CAST(json_extract(body, '$.customer.id') AS TEXT) = ? OR CAST(json_extract(body, '$.customer_id') AS TEXT) = ?
         OR CAST(coalesce(json_extract(body, '$.order_id'), json_extract(body, '$.id')) AS TEXT) IN (${ORDERS}))`,
      s,
      c,
      c,
      s,
      c,
    ),
    // Last (eraseCustomer counts the rows of personal data without it): their orders' views answer 404
    // from now on, and their versions rise too, so nothing kept under the old ones is ever used again.
    customerViewsChanged(s, c),
  ];
}

/** A parcel with this tracking number belongs to an order of an erased customer. */
const ERASED_PARCEL = `EXISTS (SELECT 1 FROM shipments s
  JOIN orders o ON o.store_id = s.store_id AND o.id = s.order_id
  JOIN customers c ON c.store_id = o.store_id AND c.id = o.customer_id
  WHERE s.store_id = ? AND s.tracking_number = ? AND c.erased_at IS NOT NULL)`;

/**
 * Erasure holds for what arrives later: a carrier keeps scanning an erased customer's parcel (the
 * "signed for by" scan is often the last), and a parcel can be registered after the erasure with scans
 * already waiting for it. Run in the same batch as every carrier write and shipment registration; it
 * changes nothing unless the parcel is an erased customer's.
 */
export function scrubErasedParcelStatements(storeId: string, trackingNumber: string): Statement[] {
  const where = `WHERE store_id = ? AND tracking_number = ? AND ${ERASED_PARCEL}`;
  return [
    sql(
      `${SCRUB_SCANS} ${where} AND (description IS NOT NULL OR location IS NOT NULL OR raw <> '{}')`,
      storeId,
      trackingNumber,
      storeId,
      trackingNumber,
    ),
    sql(`${SCRUB_DELIVERIES} ${where} AND body <> '{}'`, storeId, trackingNumber, storeId, trackingNumber),
  ];
}

/**
 * Dead letters about one customer, their bodies cleared (the row, its reason and time stay): a widget
 * event message names them (`"customerId"`) or one of their orders (`"orderId"`); a carrier webhook
 * names one of their parcels' tracking numbers; a store platform's webhook carries their email, or
 * their id as the platform sends it. Matched as text, because a kept body may have been cut short and
 * no longer parse; anything that might be theirs is cleared rather than kept.
 */
function scrubDeadLettersStatement(s: string, c: string): Statement {
  const platformBody = `json_extract(dead_letters.body, '$.body')`;
  return sql(
    `UPDATE dead_letters SET body = '{}' WHERE store_id = ? AND body <> '{}' AND (
       instr(body, '"customerId":' || json_quote(?)) > 0
       OR EXISTS (SELECT 1 FROM orders o WHERE o.store_id = ? AND o.customer_id = ? AND instr(dead_letters.body, '"orderId":' || json_quote(o.id)) > 0)
       OR EXISTS (SELECT 1 FROM customers k WHERE k.store_id = ? AND k.id = ? AND length(k.email) > 2 AND instr(dead_letters.body, k.email) > 0)
       OR EXISTS (SELECT 1 FROM shipments p WHERE p.store_id = ? AND p.order_id IN (${ORDERS}) AND length(p.tracking_number) >= 6
                  AND instr(dead_letters.body, p.tracking_number) > 0)
       OR CASE WHEN json_valid(body) AND json_type(body, '$.body') = 'text' THEN
            CASE WHEN json_valid(${platformBody}) THEN
              coalesce(CAST(json_extract(${platformBody}, '$.customer.id') AS TEXT) = ?, 0)
              OR coalesce(CAST(json_extract(${platformBody}, '$.customer_id') AS TEXT) = ?, 0)
            ELSE 0 END
          ELSE 0 END)`,
    s,
    c,
    s,
    c,
    s,
    c,
    s,
    s,
    c,
    c,
    c,
  );
}

/** Days raw carrier webhook bodies are kept (for audit and replays); the events parsed from them stay. */
export const RAW_WEBHOOK_DAYS = 30;

/**
 * The daily clean-up: raw webhook bodies and dead letters' bodies past their audit period (they can
 * carry recipients' names and addresses), and expired dashboard logins and sessions.
 */
export function retentionStatements(now: Date): Statement[] {
  const cutoff = new Date(now.getTime() - RAW_WEBHOOK_DAYS * 86_400_000).toISOString();
  const iso = now.toISOString();
  return [
    sql(`UPDATE webhook_deliveries SET body = '{}' WHERE received_at < ? AND body <> '{}'`, cutoff),
    sql(`UPDATE carrier_events SET raw = '{}' WHERE received_at < ? AND raw <> '{}'`, cutoff),
    // Dead letters' bodies too (they can be any of the above, or a platform's order with its
    // customer's contacts): the letter stays listed with its reason; it can no longer be sent again.
    sql(`UPDATE dead_letters SET body = '{}' WHERE at < ? AND body <> '{}'`, cutoff),
    sql(`DELETE FROM admin_logins WHERE expires_at < ?`, iso),
    sql(`DELETE FROM admin_sessions WHERE expires_at < ?`, iso),
  ];
}

/** Runs the daily clean-up (retentionStatements) as one transaction. */
export async function clearExpired(db: D1Database, now: Date): Promise<void> {
  await runBatch(db, retentionStatements(now));
}
