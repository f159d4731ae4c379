/**
 * Platform orders, parcels, scans and products written to D1: what a mapped payload
 * (domain/platforms/) becomes, under the same rules as the merchant API (the order schema, parcels
 * holding only the order's items), with the platform's versions deciding what is newer.
 */
import { newOrderToken } from "../crypto/random.ts";
import type { MappedOrder, MappedParcel, MappedScan, ParcelGroup, Platform } from "../domain/platforms/platform-order.ts";
import type { MappedProduct } from "../domain/platforms/platform-product.ts";
import { refreshMoments } from "./lifecycle-moments.ts";
import { issueDetails } from "../schemas/issues.ts";
import { orderInput, type OrderInput } from "../schemas/order.ts";
import { shipmentInput, type ShipmentInput } from "../schemas/shipment.ts";
import { scrubErasedParcelStatements } from "../storage/erasure.ts";
import {
  cancelOrderStatement,
  pastMomentStatements,
  catalogueFacts,
  deletePlatformProductStatements,
  isStaleWrite,
  orderState,
  parcelGroupStatements,
  platformOrderStatements,
  platformProductStatements,
  scanToStore,
  type OrderState,
} from "../storage/platform-orders.ts";
import { insertUpdateStatements } from "../storage/shipments.ts";
import { applyChanges, type Change as Statement } from "../storage/changes.ts";
import type { Store } from "../domain/records.ts";
import type { Shard } from "../domain/shards.ts";
import { platformOrderMoments } from "./platform-moments.ts";

/**
 * An order Doorstep first hears of this long after it was placed (an old order edited once the store is
 * connected, a delivery retried late) sends nothing that was due before then: a day-old confirmation
 * is news to no one. Within the day, late moments still go out.
 */
export const FIRST_SEEN_GRACE_MS = 24 * 3_600_000;

/** Processing can never succeed (the payload breaks a rule): recorded, not retried. */
export class PermanentFailure extends Error {}

/** Something the payload needs has not arrived yet (a fulfillment before its order): tried again later. */
export class NotYet extends Error {}

/**
 * The mapped order as POST /v1/orders would take it, validated by the same schema; lines without a
 * family, page or image get them from the catalogue (platform order lines carry none of the three).
 */
export function platformOrderInput(
  mapped: MappedOrder,
  catalogue: Map<string, { family: string; url: string | null; imageUrl: string | null }>,
): OrderInput {
  const parsed = orderInput.safeParse({
    id: mapped.id,
    placedAt: mapped.placedAt,
    currency: mapped.currency,
    locale: mapped.locale,
    customer: mapped.customer,
    lines: mapped.lines.map((line) => {
      const known = catalogue.get(line.sku);
      return {
        ...line,
        family: line.family ?? known?.family,
        url: line.url ?? known?.url ?? undefined,
        imageUrl: line.imageUrl ?? known?.imageUrl ?? undefined,
      };
    }),
    fees: mapped.fees,
    discounts: mapped.discounts,
    total: mapped.total,
    cancelledAt: mapped.cancelledAt,
    marketingConsent: mapped.marketingConsent,
  });
  if (parsed.success) return parsed.data;
  const reasons = issueDetails(parsed.error.issues)
    .slice(0, 5)
    .map((d) => `${d.path || "(order)"}: ${d.message}`);
  throw new PermanentFailure(`order ${mapped.number} cannot be stored: ${reasons.join("; ")}`);
}

/**
 * Parcels ready to store: their items limited to the order's (a parcel may not hold what was not
 * bought; with nothing left it holds the whole order), validated like POST .../shipments, and left
 * out when the stored parcel is a newer version.
 */
export function parcelsToStore(
  parcels: MappedParcel[],
  orderLines: { sku: string; quantity: number }[],
  state: Pick<OrderState, "shipments">,
) {
  const bought = new Map<string, number>();
  for (const line of orderLines) bought.set(line.sku, (bought.get(line.sku) ?? 0) + line.quantity);
  const ready: { shipment: ShipmentInput; parcel: MappedParcel }[] = [];
  for (const parcel of parcels) {
    const stored = state.shipments.find((s) => s.id === parcel.id);
    if (stored?.sourceUpdatedAt && parcel.updatedAt && parcel.updatedAt < stored.sourceUpdatedAt) continue;
    const held = parcel.lines
      .filter((l) => bought.has(l.sku))
      .map((l) => ({ sku: l.sku, quantity: Math.min(l.quantity, bought.get(l.sku)!) }));
    const lines = held.length ? held : [...bought].map(([sku, quantity]) => ({ sku, quantity }));
    const parsed = shipmentInput.safeParse({
      id: parcel.id,
      carrier: parcel.carrier,
      trackingNumber: parcel.trackingNumber,
      trackingUrl: parcel.trackingUrl,
      lines,
    });
    if (parsed.success) ready.push({ shipment: parsed.data, parcel });
  }
  return ready;
}

/** Every parcel group's statements: retired parcels, upserts with versions, scans, erasure's scrub. */
export function groupStatements(
  storeId: string,
  orderId: string,
  groups: ParcelGroup[],
  orderLines: { sku: string; quantity: number }[],
  state: OrderState,
  now: string,
): Statement[] {
  return groups.flatMap((group) => {
    const ready = parcelsToStore(group.parcels, orderLines, state);
    return [
      ...parcelGroupStatements(
        storeId,
        orderId,
        group,
        ready.map((r) => r.shipment),
        ready.map((r) => r.parcel),
        now,
      ),
      ...ready.flatMap((r) => scrubErasedParcelStatements(storeId, r.shipment.trackingNumber)),
    ];
  });
}

/**
 * Creates or replaces a platform order with its parcels, unless the stored version is newer, then
 * recomputes its lifecycle schedule. Answers what was done, in words.
 */
export async function applyPlatformOrder(db: D1Database, shard: Shard, store: Store, mapped: MappedOrder, now: Date): Promise<string> {
  const iso = now.toISOString();
  const [state, catalogue] = await Promise.all([
    orderState(db, store.id, mapped.id),
    catalogueFacts(
      db,
      store.id,
      mapped.lines.map((l) => l.sku),
    ),
  ]);
  if (state.sourceUpdatedAt && mapped.updatedAt && mapped.updatedAt < state.sourceUpdatedAt)
    return `order ${mapped.number}: stale (a newer version is stored)`;
  const input = platformOrderInput(mapped, catalogue);
  const statements = [
    ...platformOrderStatements(
      store.id,
      { source: mapped.source, input, number: mapped.number, updatedAt: mapped.updatedAt },
      newOrderToken(shard),
      iso,
      {
        isNew: !state.exists,
        attributionDays: store.offerRules.attributionDays,
      },
    ),
    ...groupStatements(store.id, mapped.id, mapped.parcels, input.lines, state, iso),
    ...(state.exists
      ? []
      : pastMomentStatements(
          store.id,
          input.id,
          input.customer.id,
          platformOrderMoments(store, input, mapped),
          new Date(now.getTime() - FIRST_SEEN_GRACE_MS).toISOString(),
          iso,
        )),
  ];
  try {
    await applyChanges(db, statements);
  } catch (error) {
    // A newer version landed between the read and the write: this one is older, so nothing changes.
    if (isStaleWrite(error)) return `order ${mapped.number}: stale (a newer version is stored)`;
    throw error;
  }
  await refreshMoments(db, store, mapped.id, now);
  const parcels = mapped.parcels.reduce((n, g) => n + g.parcels.length, 0);
  const notes = mapped.notes.length ? ` (${mapped.notes.join("; ")})` : "";
  return `order ${mapped.number} ${state.exists ? "updated" : "created"}${parcels ? `, ${parcels} parcel${parcels > 1 ? "s" : ""}` : ""}${notes}`;
}

/** One fulfillment's parcels for an order that must already be stored (else: not yet). */
export async function applyParcelGroup(db: D1Database, store: Store, orderId: string, group: ParcelGroup, now: Date): Promise<string> {
  const state = await orderState(db, store.id, orderId);
  if (!state.exists) throw new NotYet(`order ${orderId} has not arrived yet`);
  await applyChanges(db, groupStatements(store.id, orderId, [group], state.lines, state, now.toISOString()));
  await refreshMoments(db, store, orderId, now);
  return group.parcels.length
    ? `${group.parcels.length} parcel${group.parcels.length > 1 ? "s" : ""} of order ${orderId}`
    : `parcels of order ${orderId} retired`;
}

/** A scan for every stored parcel of one source (a Shopify fulfillment); none stored yet: not yet. */
export async function applyScan(
  db: D1Database,
  store: Store,
  parcels: { orderId: string; trackingNumber: string }[],
  scan: MappedScan,
  now: Date,
): Promise<string> {
  if (!parcels.length) throw new NotYet("its fulfillment has not arrived yet");
  const iso = now.toISOString();
  await applyChanges(
    db,
    parcels.flatMap((p) => [
      ...insertUpdateStatements(store.id, p.trackingNumber, [scanToStore(scan)], iso),
      ...scrubErasedParcelStatements(store.id, p.trackingNumber),
    ]),
  );
  for (const orderId of new Set(parcels.map((p) => p.orderId))) await refreshMoments(db, store, orderId, now);
  return `scan ${scan.vendorStatus} for ${parcels.length} parcel${parcels.length > 1 ? "s" : ""}`;
}

/** An order the platform deleted: kept, and off (its moments not yet sent are withdrawn). */
export async function cancelDeletedOrder(db: D1Database, store: Store, orderId: string, now: Date): Promise<string> {
  const [result] = await applyChanges(db, [cancelOrderStatement(store.id, orderId, now.toISOString())]);
  if (!result?.meta.changes) return `order ${orderId} deleted on the platform; it was never stored`;
  await refreshMoments(db, store, orderId, now);
  return `order ${orderId} deleted on the platform: kept as cancelled`;
}

export async function applyProduct(db: D1Database, storeId: string, platform: Platform, mapped: MappedProduct, now: Date): Promise<string> {
  try {
    await applyChanges(
      db,
      platformProductStatements(storeId, platform, mapped.productId, mapped.updatedAt, mapped.products, now.toISOString()),
    );
  } catch (error) {
    if (isStaleWrite(error)) return `product ${mapped.productId}: stale (a newer version is stored)`;
    throw error;
  }
  return `product ${mapped.productId}: ${mapped.products.length} catalogue item${mapped.products.length === 1 ? "" : "s"}`;
}

export async function deleteProduct(db: D1Database, storeId: string, platform: Platform, productId: string, now: Date): Promise<string> {
  await applyChanges(db, deletePlatformProductStatements(storeId, platform, productId, now.toISOString()));
  return `product ${productId} deleted: no longer offered`;
}
