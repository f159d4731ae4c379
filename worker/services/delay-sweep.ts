/**
 * The delay sweep: for each open order, the proactive notices that hold now (domain/delays/notices.ts)
 * against those raised before. A new one is raised once, with its lifecycle moment (`moment.stalled`
 * and so on: signed webhooks, holdout and consent rules as every moment), due at once or, at night, at
 * 08:00 in the shopper's time zone; one that no longer holds is withdrawn, with its moment if that has
 * not gone out. Each parcel's state is kept for the dashboard on the way.
 *
 * It runs for an order whenever its schedule is refreshed (a new order, parcel or scan: see
 * services/lifecycle-moments.ts), and from the minute cron for open orders not looked at for a while, which is
 * how time alone (a parcel that stops moving, a promise that passes) is noticed.
 */
import { CARRIER_NAMES, resolveCarrier } from "../domain/carriers/carrier-names.ts";
import { daytimeFrom, localDate, offsetOf } from "../domain/delays/local-time.ts";
import { delayNotices, sweptNotices } from "../domain/delays/notices.ts";
import { watchOrder } from "../domain/delays/watch.ts";
import {
  orderForSweep,
  ordersDueForSweep,
  raiseNoticeStatements,
  snapshotStatement,
  sweptStatement,
  withdrawNoticeStatements,
} from "../storage/delay-notices.ts";
import { getShipmentsOfOrder } from "../storage/shipments.ts";
import { applyChanges, type Change } from "../storage/changes.ts";
import type { ShipmentRecord, Store } from "../domain/records.ts";
import { getStore } from "../storage/stores.ts";

/** How long an order may go unswept by the cron; parcel events sweep it at once anyway. */
const RESWEEP_MS = 10 * 60_000;
/** After this, an order's delivery is history: nothing more is raised about it. */
const WATCH_DAYS = 120;
/**
 * A delay that began this long before the sweep first saw it is not announced: the order reached
 * Doorstep long after the fact (a backfill of old orders, an order sent before its parcels), and its
 * shopper has long known.
 */
const STALE_MS = 2 * 86_400_000;

export interface SweepResult {
  raised: string[];
  withdrawn: string[];
}

/**
 * Sweeps one order at `now`. `shipments`: the order's parcels as the caller has just read them (a
 * schedule refresh reads them anyway), so they are not read twice; else both reads go at once.
 */
export async function sweepOrder(
  db: D1Database,
  store: Store,
  orderId: string,
  now = new Date(),
  shipments?: ShipmentRecord[],
): Promise<SweepResult> {
  const [found, parcels] = await Promise.all([
    orderForSweep(db, store.id, orderId),
    shipments ?? getShipmentsOfOrder(db, store.id, orderId),
  ]);
  if (!found) return { raised: [], withdrawn: [] };
  const { order, notices: stored } = found;
  const iso = now.toISOString();
  const watch = watchOrder(order, store.shipping, parcels, now);
  const history = now.getTime() - Date.parse(order.placedAt) > WATCH_DAYS * 86_400_000;
  const current = history ? [] : sweptNotices(delayNotices(watch, now));
  const offset = offsetOf(order.placedAt);
  const key = (n: { kind: string; ref: string }) => `${n.kind}|${n.ref}`;
  const known = new Map(stored.map((n) => [key(n), n]));
  const holding = new Set(current.map(key));
  const statements: Change[] = [];
  const result: SweepResult = { raised: [], withdrawn: [] };

  const kindsSoFar = new Set(stored.map((n) => n.kind));
  for (const notice of current) {
    if (known.has(key(notice)) || now.getTime() - Date.parse(notice.since) > STALE_MS) continue;
    statements.push(
      ...raiseNoticeStatements(
        store.id,
        orderId,
        order.customerId,
        notice,
        { dueAt: daytimeFrom(now.getTime(), offset), first: !kindsSoFar.has(notice.kind) },
        iso,
      ),
    );
    kindsSoFar.add(notice.kind);
    result.raised.push(key(notice));
  }
  for (const notice of stored) {
    if (notice.withdrawnAt || holding.has(key(notice))) continue;
    statements.push(...withdrawNoticeStatements(store.id, orderId, notice.kind, notice.ref, iso));
    result.withdrawn.push(key(notice));
  }

  for (const [i, s] of parcels.entries()) {
    const p = watch.parcels[i]!;
    const carrier = resolveCarrier(s.carrier, s.trackingNumber).carrier;
    statements.push(
      snapshotStatement(
        store.id,
        orderId,
        {
          shipmentId: s.id,
          carrier: carrier ? CARRIER_NAMES[carrier] : s.carrier.trim(),
          trackingNumber: s.trackingNumber,
          status: p.status,
          exceptionKind: p.exceptionKind,
          lastScanAt: p.lastScanAt,
          promisedTo: p.promised.to,
          expectedTo: p.expected.to,
          deliveredAt: p.deliveredAt,
          // On time: delivered on or before the promised day, as the shopper's calendar has it.
          onTime: p.deliveredAt ? localDate(Date.parse(p.deliveredAt), offset) <= p.promised.to : undefined,
        },
        iso,
      ),
    );
  }
  const open =
    !order.cancelledAt &&
    !history &&
    (watch.parcels.length === 0 || watch.parcels.some((p) => p.status !== "delivered" && p.status !== "returned"));
  statements.push(sweptStatement(store.id, orderId, open, iso));
  await applyChanges(db, statements);
  return result;
}

/** The cron's part: open orders not swept in the last ten minutes, up to `limit`. */
export async function sweepDelays(
  env: Env,
  options: { now?: Date; limit?: number; storeId?: string } = {},
): Promise<{ orders: number; raised: number; withdrawn: number }> {
  const now = options.now ?? new Date();
  const due = await ordersDueForSweep(env.DB, new Date(now.getTime() - RESWEEP_MS).toISOString(), options.limit ?? 100, options.storeId);
  const stores = new Map<string, Store | null>();
  const total = { orders: 0, raised: 0, withdrawn: 0 };
  for (const { storeId, orderId } of due) {
    if (!stores.has(storeId)) stores.set(storeId, await getStore(env.DB, storeId));
    const store = stores.get(storeId);
    if (!store) continue;
    const { raised, withdrawn } = await sweepOrder(env.DB, store, orderId, now);
    total.orders++;
    total.raised += raised.length;
    total.withdrawn += withdrawn.length;
  }
  return total;
}
