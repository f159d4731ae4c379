import type { WidgetEvent } from "../schemas/events.ts";
import { runBatch, sql, type Statement } from "./statement.ts";

export interface EventOwner {
  storeId: string;
  orderId: string;
  customerId: string;
}

/** One widget event, written once: a resend of its id is a no-op, and RETURNING says whether this write made it. */
export const widgetEventStatement = (owner: EventOwner, event: WidgetEvent, receivedAt: string): Statement =>
  sql(
    `INSERT INTO widget_events (store_id, id, order_id, customer_id, type, target, occurred_at, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (store_id, id) DO NOTHING RETURNING id`,
    owner.storeId,
    event.id,
    owner.orderId,
    owner.customerId,
    event.type,
    event.target ?? null,
    event.at,
    receivedAt,
  );

/** The order's checkout-feel cue; the latest tap wins by the time it happened, not by when it arrived. */
export const checkoutFeelStatement = (owner: EventOwner, feel: string | undefined, at: string): Statement =>
  sql(
    // The order's view shows the cue: its version rises when the cue changes (a resend changes nothing).
    `UPDATE orders SET checkout_feel = ?, checkout_feel_at = ?, view_version = view_version + (checkout_feel IS NOT ?)
     WHERE store_id = ? AND id = ? AND (checkout_feel_at IS NULL OR checkout_feel_at <= ?)`,
    feel ?? null,
    at,
    feel ?? null,
    owner.storeId,
    owner.orderId,
    at,
  );

/** One event and whose it is: a consumer's batch mixes orders and stores. */
export interface OwnedEvent {
  owner: EventOwner;
  event: WidgetEvent;
}

/**
 * Writes widget events exactly once, in one D1 batch (one transaction): the (store, event id) primary
 * key turns a resend or a redelivery into a no-op, and RETURNING tells which ones this call actually
 * wrote (true at their index). Events with side effects on the order (the checkout-feel cue) update it
 * in the same transaction; the latest tap wins by the time it happened, not by the time it arrived.
 * `now` is the write's own time: an offer click teaches the bandit only when the row with this
 * received_at is there, i.e. when this very write made it. The same (store, event id) twice in one
 * call would pass that test twice, so callers give each at most once (the consumer drops repeats).
 */
export async function writeEvents(db: D1Database, items: OwnedEvent[], now: string): Promise<boolean[]> {
  const statements: Statement[] = [];
  const inserts: number[] = [];
  for (const { owner, event } of items) {
    inserts.push(statements.length);
    statements.push(widgetEventStatement(owner, event, now));
    if (event.type === "offer_click" && event.target?.includes(":")) {
      // A click teaches the bandit (per segment and kind) once: only when this insert was the first.
      statements.push(
        sql(
          `INSERT INTO offer_kind_stats (store_id, segment, kind, shown, clicked)
           SELECT ?, coalesce((SELECT segment FROM offer_decisions WHERE store_id = ? AND customer_id = ? ORDER BY at DESC LIMIT 1), 'one_time'), ?, 0, 1
           WHERE EXISTS (SELECT 1 FROM widget_events WHERE store_id = ? AND id = ? AND received_at = ?)
           ON CONFLICT (store_id, segment, kind) DO UPDATE SET clicked = clicked + 1`,
          owner.storeId,
          owner.storeId,
          owner.customerId,
          event.target.slice(0, event.target.indexOf(":")),
          owner.storeId,
          event.id,
          now,
        ),
      );
    }
    if (event.type === "checkout_feel") {
      statements.push(checkoutFeelStatement(owner, event.target, event.at));
    }
  }
  if (!statements.length) return [];
  const results = await runBatch(db, statements);
  return inserts.map((at) => results[at]!.results.length > 0);
}
