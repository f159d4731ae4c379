/**
 * A backfill's writes for one page of platform orders (the operator's `platform:backfill`, which
 * pages through Shopify's Admin GraphQL or WooCommerce's REST API and runs these as one script).
 * Pure: the same order, parcel and scan statements as the webhooks, and a lifecycle schedule computed
 * from what the page says, in which moments whose time has passed are recorded as suppressed
 * ("backfill") and never sent: only moments still ahead are scheduled.
 */
import type { MappedOrder } from "../domain/platforms/platform-order.ts";
import { shopifyEventScan } from "../domain/platforms/shopify-fulfillment.ts";
import { restOrderFromGraphql, type GraphqlOrder } from "../domain/platforms/shopify-graphql.ts";
import { shopifyOrder } from "../domain/platforms/shopify-order.ts";
import { shopifyFulfillmentEvent, shopifyOrder as shopifySchema } from "../schemas/platforms/shopify.ts";
import { backfillScheduleStatements, platformOrderStatements } from "../storage/platform-orders.ts";
import type { Change as Statement } from "../storage/changes.ts";
import type { Store } from "../domain/records.ts";
import { groupStatements, PermanentFailure, platformOrderInput } from "./platform-orders.ts";
import { platformOrderMoments } from "./platform-moments.ts";

/**
 * A Shopify Admin GraphQL order node as a mapped order, its fulfillments' events as scans of their
 * parcels (webhooks send those one by one; the API gives them with their fulfillment).
 */
export function mapShopifyGraphqlOrder(node: GraphqlOrder, now: Date): MappedOrder {
  const { order, events } = restOrderFromGraphql(node);
  const mapped = shopifyOrder(shopifySchema.parse(order), now);
  for (const raw of events) {
    const event = shopifyEventScan(shopifyFulfillmentEvent.parse(raw), now);
    if (!event) continue;
    for (const group of mapped.parcels) {
      if (group.prefix === `shopify-${event.fulfillmentId}-`) for (const parcel of group.parcels) parcel.scans.push(event.scan);
    }
  }
  return mapped;
}

export interface BackfillState {
  orders: Map<string, { sourceUpdatedAt: string | null }>;
  shipments: Map<string, { id: string; sourceUpdatedAt: string | null }[]>;
  catalogue: Map<string, { family: string; url: string | null; imageUrl: string | null }>;
}

/** The rows of `backfillStateStatements` (storage/platform-orders.ts) as a BackfillState. */
export function backfillState([orders, shipments, products]: Record<string, unknown>[][]): BackfillState {
  const byOrder = new Map<string, { id: string; sourceUpdatedAt: string | null }[]>();
  for (const s of shipments ?? []) {
    const list = byOrder.get(String(s.order_id)) ?? [];
    list.push({ id: String(s.id), sourceUpdatedAt: (s.source_updated_at as string | null) ?? null });
    byOrder.set(String(s.order_id), list);
  }
  return {
    orders: new Map((orders ?? []).map((o) => [String(o.id), { sourceUpdatedAt: (o.source_updated_at as string | null) ?? null }])),
    shipments: byOrder,
    catalogue: new Map(
      (products ?? []).map((p) => [
        String(p.sku),
        { family: String(p.family), url: (p.url as string | null) ?? null, imageUrl: (p.image_url as string | null) ?? null },
      ]),
    ),
  };
}

export type BackfillOutcome = "created" | "updated" | "stale" | { failed: string };

/** One order's statements, or why it has none. */
export function backfillOrderStatements(
  store: Store,
  mapped: MappedOrder,
  state: BackfillState,
  token: string,
  now: Date,
): { outcome: BackfillOutcome; statements: Statement[] } {
  const stored = state.orders.get(mapped.id);
  if (stored?.sourceUpdatedAt && mapped.updatedAt && mapped.updatedAt < stored.sourceUpdatedAt) return { outcome: "stale", statements: [] };
  let input: ReturnType<typeof platformOrderInput>;
  try {
    input = platformOrderInput(mapped, state.catalogue);
  } catch (error) {
    if (error instanceof PermanentFailure) return { outcome: { failed: error.message }, statements: [] };
    throw error;
  }
  const iso = now.toISOString();
  const shipments = state.shipments.get(mapped.id) ?? [];
  const moments = platformOrderMoments(store, input, mapped);
  return {
    outcome: stored ? "updated" : "created",
    statements: [
      ...platformOrderStatements(
        store.id,
        { source: mapped.source, input, number: mapped.number, updatedAt: mapped.updatedAt },
        token,
        iso,
        {
          isNew: !stored,
          attributionDays: store.offerRules.attributionDays,
          guard: false,
        },
      ),
      ...groupStatements(
        store.id,
        mapped.id,
        mapped.parcels,
        input.lines,
        { exists: !!stored, sourceUpdatedAt: stored?.sourceUpdatedAt ?? null, customerId: null, shipments, lines: input.lines },
        iso,
      ),
      ...backfillScheduleStatements(store.id, mapped.id, input.customer.id, moments, iso),
    ],
  };
}
