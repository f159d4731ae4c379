/**
 * What `platform:backfill` writes for a page of orders (worker/services/platform-backfill.ts), run
 * against real D1 the way the worker runs statements: orders readable by token and number, parcels
 * and their scans, and schedules in which nothing whose time has passed is ever sent. The operator
 * command runs the same statements through `wrangler d1 execute` (tests/e2e/platform-connectors.test.ts).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newOrderToken } from "../../worker/crypto/random.ts";
import { emitDueMoments } from "../../worker/services/lifecycle-moments.ts";
import { backfillOrderStatements, backfillState, mapShopifyGraphqlOrder } from "../../worker/services/platform-backfill.ts";
import { backfillStateStatements } from "../../worker/storage/platform-orders.ts";
import { runBatch } from "../../worker/storage/statement.ts";
import { getStore } from "../../worker/storage/stores.ts";
import { shopifyGraphqlOrder } from "../../scripts/lib/platform-samples.ts";
import { admin, connectedStore, rows, shopify } from "./platforms.ts";

const DAY = 86_400_000;

async function backfill(storeId: string, nodes: Parameters<typeof mapShopifyGraphqlOrder>[0][], now: Date) {
  const store = (await getStore(env.DB, storeId))!;
  const mapped = nodes.map((n) => mapShopifyGraphqlOrder(n, now));
  const results = await runBatch(
    env.DB,
    backfillStateStatements(
      storeId,
      mapped.map((m) => m.id),
      mapped.flatMap((m) => m.lines.map((l) => l.sku)),
    ),
  );
  const state = backfillState(results.map((r) => r.results as Record<string, unknown>[]));
  const outcomes = [];
  const statements = [];
  for (const order of mapped) {
    const { outcome, statements: writes } = backfillOrderStatements(store, order, state, newOrderToken(), now);
    outcomes.push(outcome);
    statements.push(...writes);
  }
  if (statements.length) await runBatch(env.DB, statements);
  return outcomes;
}

describe("platform backfill", () => {
  it("brings in orders with their parcels, and schedules only the moments still ahead: nothing past is ever sent", async () => {
    const store = await connectedStore();
    const now = new Date();
    const recent = shopifyGraphqlOrder(1, new Date(now.getTime() - 2 * DAY), { delivered: false });
    const old = shopifyGraphqlOrder(2, new Date(now.getTime() - 50 * DAY), { delivered: true });
    expect(await backfill(store.id, [recent, old], now)).toEqual(["created", "created"]);

    const oldOrder = (await admin(store.apiKey, "/v1/admin/orders/6300000000002")).json();
    expect(oldOrder).toMatchObject({
      number: "#3002",
      total: 6140,
      source: "shopify",
      shipments: [{ carrier: "UPS", status: "delivered" }],
    });
    expect(oldOrder.lines.map((l: { sku: string }) => l.sku)).toEqual(["TRAIL-42", "shopify-variant-41000002"]);

    const moments = await rows<{ order_id: string; kind: string; due_at: string; status: string; reason: string | null }>(
      `SELECT order_id, kind, due_at, status, reason FROM lifecycle_moments WHERE store_id = ?`,
      store.id,
    );
    const past = moments.filter((m) => m.due_at <= now.toISOString());
    const ahead = moments.filter((m) => m.due_at > now.toISOString());
    expect(past.length).toBeGreaterThan(5);
    expect(ahead.length).toBeGreaterThan(3);
    expect(past.every((m) => m.status === "suppressed" && m.reason === "backfill")).toBe(true);
    expect(ahead.every((m) => m.status === "scheduled")).toBe(true);
    // The old order's welcome series and delivery are long past; the recent one still has moments ahead.
    expect(ahead.every((m) => m.order_id === "6300000000001")).toBe(true);
    expect(past.map((m) => m.kind)).toEqual(expect.arrayContaining(["order_confirmed", "delivered", "usage_tips", "loyalty"]));

    // The cron finds nothing due for them.
    expect(await emitDueMoments(env, { now, storeId: store.id })).toEqual({ sent: 0, suppressed: 0 });
  });

  it("keeps each customer's marketing consent as Shopify's Admin API reports it, as a webhook's order would", async () => {
    const store = await connectedStore();
    const now = new Date();
    const placed = new Date(now.getTime() - 3 * DAY);
    // Customers 7000003 (subscribed a minute before the order), 7000004 (never asked), 7000005 (unsubscribed the day before).
    const nodes = [3, 4, 5].map((i) => shopifyGraphqlOrder(i, placed, { delivered: false }));
    expect(await backfill(store.id, nodes, now)).toEqual(["created", "created", "created"]);
    const consent = (customerId: string) =>
      rows(`SELECT channel, state, at, source FROM marketing_consents WHERE store_id = ? AND customer_id = ?`, store.id, customerId);
    const iso = (ms: number) => new Date(placed.getTime() + ms).toISOString().replace(".000Z", "Z");
    expect(await consent("7000003")).toEqual([{ channel: "email", state: "granted", at: iso(-60_000), source: "shopify" }]);
    expect(await consent("7000004")).toEqual([{ channel: "email", state: "denied", at: "2025-03-01T09:00:00Z", source: "shopify" }]);
    expect(await consent("7000005")).toEqual([{ channel: "email", state: "withdrawn", at: iso(-DAY), source: "shopify" }]);
  });

  it("leaves an order a webhook brought in a newer version as it is, and a second run changes nothing it should not", async () => {
    const store = await connectedStore();
    const now = new Date();
    const node = shopifyGraphqlOrder(3, new Date(now.getTime() - 10 * DAY));
    expect(await backfill(store.id, [node], now)).toEqual(["created"]);
    const first = await rows(`SELECT token FROM order_tokens WHERE store_id = ?`, store.id);
    const counters = await rows(`SELECT orders FROM store_counters WHERE store_id = ?`, store.id);
    expect(await backfill(store.id, [node], now)).toEqual(["updated"]);
    expect(await rows(`SELECT token FROM order_tokens WHERE store_id = ?`, store.id)).toEqual(first);
    expect(await rows(`SELECT orders FROM store_counters WHERE store_id = ?`, store.id)).toEqual(counters);

    // A webhook brings a newer version (cancelled); the backfill's older copy must not undo it.
    const other = shopifyGraphqlOrder(4, new Date(now.getTime() - 5 * DAY), { delivered: false });
    const { restOrderFromGraphql } = await import("../../worker/domain/platforms/shopify-graphql.ts");
    const rest = restOrderFromGraphql(other).order;
    await shopify(
      store.id,
      "orders/cancelled",
      { ...rest, cancelled_at: new Date(now.getTime() - DAY).toISOString(), updated_at: new Date(now.getTime() - DAY).toISOString() },
      { secret: store.shopifySecret },
    );
    expect(await backfill(store.id, [other], now)).toEqual(["stale"]);
    expect((await admin(store.apiKey, "/v1/admin/orders/6300000000004")).json().cancelledAt).not.toBeNull();
  });

  it("reports an order it cannot store instead of failing the page", async () => {
    const store = await connectedStore();
    const now = new Date();
    const broken = { ...shopifyGraphqlOrder(5, new Date(now.getTime() - DAY)), lineItems: { nodes: [] } };
    const fine = shopifyGraphqlOrder(6, new Date(now.getTime() - DAY));
    const outcomes = await backfill(store.id, [broken, fine], now);
    expect(outcomes[0]).toEqual({ failed: expect.stringMatching(/order #3005 cannot be stored: lines/) });
    expect(outcomes[1]).toBe("created");
  });
});
