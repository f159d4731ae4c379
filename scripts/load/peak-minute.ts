/**
 * The peak minute (issue 23, item 5): a bounded loopback run of a sale day's traffic over several stores
 * placed across the shards, against one `wrangler dev` whose D1 writes fail on purpose (DOORSTEP_FAULTS):
 * tracking page views with their offers, open tabs refreshing with the ETag they hold, widget event
 * bursts, carrier webhooks and merchant parcel updates (some resent as duplicates), and orders arriving
 * from each store's Shopify (some deliveries resent under the same webhook id). Every client retries a
 * 503 after its Retry-After, as the widget, a vendor or a merchant's server would.
 *
 * Afterwards, with both queues drained, each store's shard is read back: every acknowledged widget
 * event, carrier delivery, merchant update and platform delivery is there exactly once, every platform
 * order once, and nothing of one store landed in another store's shard. The load-and-faults run
 * (faults-run.ts) is the same harness for one store; this one reuses its client, schedule, ledger and
 * read-back per store.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { numericId, shopifyHeaders, shopifyOrderFor } from "../lib/shopify-sender.ts";
import { ensureLocalSecretKey } from "../lib/dev-vars.ts";
import { eventsDrained } from "../lib/events-drained.ts";
import { freePort } from "../lib/free-port.ts";
import { inShard, shardOfStore } from "../lib/shards.ts";
import { createStore, parseSettings, type StoreCredentials } from "../lib/store-admin.ts";
import { webhooksDrained } from "../lib/webhooks-drained.ts";
import { applyMigrations, d1Execute, ROOT, startWorker, type D1Target, type RunningWorker } from "../lib/wrangler.ts";
import { sql, toSqlScript } from "../../worker/storage/statement.ts";
import { loadClient, type Send } from "./client.ts";
import { Measurements, type Violation } from "./measurements.ts";
import { emptyLedger, operations, type Ledger } from "./operations.ts";
import { DUPLICATE_SHARE, PEAK_MIX, SHOP_ORIGIN, type Kind, type LoadOptions } from "./options.ts";
import { runSchedule } from "./schedule.ts";
import { setUpOrders, type LoadOrder } from "./setup.ts";
import { readBack, reconcile } from "./verify.ts";

export interface PeakOptions extends LoadOptions {
  /** Stores, placed round-robin over `shards`. */
  stores: number;
  shards: string[];
  /** The wrangler config to run (the bench's frozen copy of the worker); the repository's by default. */
  config?: string;
}

export const PEAK_DEFAULTS: PeakOptions = {
  seconds: 60,
  rate: 30,
  clients: 10,
  orders: 12,
  stores: 4,
  shards: ["s0", "s1"],
  faults: "before=0.05,after=0.03",
  retryWaitMs: [50, 200],
  maxAttempts: 12,
};

/** What one store's platform sent and was acknowledged. */
interface PlatformLedger {
  /** X-Shopify-Webhook-Id of every acknowledged delivery (a resend repeats one). */
  webhookIds: string[];
  /** Shopify order ids of the acknowledged orders/create deliveries. */
  orderIds: string[];
  /** What was acknowledged, to resend unchanged. */
  sent: { body: string; webhookId: ReturnType<typeof randomUUID>; orderId: string }[];
  resent: number;
}

interface PeakStore {
  credentials: StoreCredentials;
  shard: string;
  shop: string;
  shopSecret: string;
  orders: LoadOrder[];
  ledger: Ledger;
  platform: PlatformLedger;
  /** The ETag each order's open tab holds (from its last read). */
  etags: Map<string, string>;
  refreshes: { notModified: number; total: number };
  run: (kind: Kind) => Promise<void>;
}

export interface PeakFigures {
  options: Omit<PeakOptions, "log" | "config">;
  stores: { id: string; shard: string }[];
  elapsedSeconds: number;
  scheduled: number;
  operations: Record<Kind, number>;
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number };
  statuses: Record<string, number>;
  /** Refreshes answered 304 (the tab's copy was current), and in all. */
  refreshes: { notModified: number; total: number };
  retries: number;
  gaveUp: number;
  acknowledged: {
    widgetEvents: number;
    carrierDeliveries: number;
    merchantEvents: number;
    platformDeliveries: number;
    platformOrders: number;
  };
  duplicatesSent: { webhook: number; shipment_event: number; platform_order: number };
  lost: number;
  duplicated: number;
  unexplained: number;
  /** A store's rows found in a shard that is not its own. */
  misplaced: number;
  /** Platform deliveries stored but whose processing failed under the faults: the cron retries them. */
  platformWaiting: number;
  queues: { eventsWaitedMs: number; webhooksWaitedMs: number; complete: boolean; deadLetters: number };
  violations: Violation[];
}

export async function runPeakMinute(partial: Partial<PeakOptions> = {}): Promise<PeakFigures> {
  const options = { ...PEAK_DEFAULTS, ...partial };
  const log = options.log ?? (() => {});
  const persistTo = join(ROOT, "tests/.tmp", `peak-minute-${process.pid}-${Date.now()}`);
  rmSync(persistTo, { recursive: true, force: true });
  mkdirSync(persistTo, { recursive: true });
  let worker: RunningWorker | undefined;
  try {
    await applyMigrations({ persistTo });
    const made: { credentials: StoreCredentials; shard: string }[] = [];
    for (let i = 0; i < options.stores; i++) {
      const shard = options.shards[i % options.shards.length]!;
      const credentials = await createStore(
        `peak-${i}`,
        parseSettings({ name: `Peak ${i}`, origins: [SHOP_ORIGIN] }),
        ensureLocalSecretKey(),
        { persistTo },
        { shard },
      );
      made.push({ credentials, shard: credentials.shard });
    }
    worker = await startWorker({ port: await freePort(), persistTo, config: options.config, vars: { DOORSTEP_FAULTS: options.faults } });
    log(
      `worker on ${worker.origin} with DOORSTEP_FAULTS=${options.faults}; stores ${made.map((m) => `${m.credentials.storeId} (${m.shard})`).join(", ")}`,
    );
    return await drive(worker, made, options, persistTo, log);
  } finally {
    await worker?.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
}

async function drive(
  worker: RunningWorker,
  made: { credentials: StoreCredentials; shard: string }[],
  options: PeakOptions,
  persistTo: string,
  log: (line: string) => void,
): Promise<PeakFigures> {
  const measurements = new Measurements();
  const send = loadClient(worker.origin, options, measurements);
  const stores: PeakStore[] = [];
  for (const [i, { credentials, shard }] of made.entries()) {
    const merchantHeaders = { "Content-Type": "application/json", Authorization: `Bearer ${credentials.apiKey}` };
    const shop = `peak-${i}.myshopify.com`;
    const shopSecret = `shpss_peak${i}${credentials.apiKey.slice(-12)}`;
    const connected = await send("platform_order", "/v1/admin/connections/shopify", () => ({
      method: "PUT",
      headers: merchantHeaders,
      body: JSON.stringify({ shop, secret: shopSecret }),
    }));
    if (!connected.ok) throw new Error(`peak: connecting ${credentials.storeId} to Shopify failed (${connected.status})`);
    // Each store's shoppers come from their own addresses (the per-address limit is the platform's, not ours to hit).
    const orders = (await setUpOrders(send, merchantHeaders, options)).map((o) => ({
      ...o,
      ip: `10.${80 + i}.${o.ip.split(".").slice(2).join(".")}`,
    }));
    const ledger = emptyLedger();
    const store: PeakStore = {
      credentials,
      shard,
      shop,
      shopSecret,
      orders,
      ledger,
      platform: { webhookIds: [], orderIds: [], sent: [], resent: 0 },
      etags: new Map(),
      refreshes: { notModified: 0, total: 0 },
      run: async () => {},
    };
    const base = operations({ send, credentials, merchantHeaders, ledger, measurements }, orders);
    let n = 0;
    store.run = async (kind) => {
      if (kind === "page_view" || kind === "refresh") {
        measurements.operation(kind);
        return tab(send, store, kind);
      }
      if (kind === "platform_order") {
        measurements.operation(kind);
        return platformOrder(send, store, i, n++);
      }
      return base(kind);
    };
    stores.push(store);
  }
  log(`set up ${stores.length} stores with ${options.orders} orders each, each connected to its Shopify`);

  measurements.measuring = true;
  const run = await runSchedule(options, (kind) => stores[Math.floor(Math.random() * stores.length)]!.run(kind), PEAK_MIX);
  measurements.measuring = false;
  log(`started ${run.started} of ${run.scheduled} operations in ${run.elapsedSeconds.toFixed(1)} s; waiting for the queues`);

  // Both queues live in `wrangler dev`'s memory: wait, the worker running, for every store's acknowledged
  // events, carrier deliveries and platform deliveries to be written (or kept as dead letters).
  let eventsWaitedMs = 0;
  let webhooksWaitedMs = 0;
  let complete = true;
  let deadLetters = 0;
  for (const s of stores) {
    const target: D1Target = { persistTo };
    const events = await eventsDrained(target, s.credentials.storeId, new Set(s.ledger.eventIds).size);
    const hooks = await webhooksDrained(target, s.credentials.storeId, new Set(s.ledger.deliveries.map((d) => d.id)).size);
    const platformDone = await platformSettled(target, s.credentials.storeId, new Set(s.platform.webhookIds).size);
    eventsWaitedMs = Math.max(eventsWaitedMs, events.waitedMs);
    webhooksWaitedMs = Math.max(webhooksWaitedMs, hooks.waitedMs);
    complete &&= events.complete && hooks.complete && platformDone;
    deadLetters += events.deadLetters + hooks.deadLetters;
  }
  log(
    `queues drained (events ${(eventsWaitedMs / 1000).toFixed(1)} s, webhooks ${(webhooksWaitedMs / 1000).toFixed(1)} s); verifying every shard`,
  );
  await worker.stop();

  let lost = 0;
  let duplicated = 0;
  let unexplained = 0;
  let misplaced = 0;
  let platformWaiting = 0;
  for (const s of stores) {
    const stored = await readBack(persistTo, s.credentials.storeId);
    const p = await platformBack(persistTo, s);
    // The setup's figures (orders, tokens, counters…) are the load-and-faults run's to check: here the
    // store's Shopify adds orders of its own. What holds here: each order once with its one token, and
    // the setup's parcels.
    const { orders, tokens, shipments } = stored.setup;
    const expected = s.orders.length + p.ordersMade;
    if (orders !== expected || tokens !== expected || shipments !== s.orders.length)
      measurements.violation(
        "order_read",
        0,
        `${s.credentials.storeId}: ${orders} orders, ${tokens} tokens, ${shipments} parcels; expected ${expected}, ${expected}, ${s.orders.length}`,
      );
    const r = reconcile({ ...stored, setup: {} as typeof stored.setup }, s.ledger, s.orders.length, measurements);
    lost += r.lost + p.lost;
    platformWaiting += p.waiting;
    duplicated += r.duplicated + p.duplicated;
    unexplained += r.unexplained;
    misplaced += await elsewhere(persistTo, s, stores);
  }

  const sorted = [...measurements.latencies].sort((a, b) => a - b);
  const pct = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0);
  const requests = Object.values(measurements.requests).reduce((a, b) => a + b, 0);
  const { log: _log, config: _config, ...shown } = options;
  const sum = (pick: (s: PeakStore) => number) => stores.reduce((t, s) => t + pick(s), 0);
  return {
    options: shown,
    stores: stores.map((s) => ({ id: s.credentials.storeId, shard: s.shard })),
    elapsedSeconds: run.elapsedSeconds,
    scheduled: run.scheduled,
    operations: measurements.operations,
    requestsPerSecond: requests / run.elapsedSeconds,
    latencyMs: { p50: pct(50), p99: pct(99) },
    statuses: measurements.statuses,
    refreshes: { notModified: sum((s) => s.refreshes.notModified), total: sum((s) => s.refreshes.total) },
    retries: measurements.retries,
    gaveUp: measurements.gaveUp,
    acknowledged: {
      widgetEvents: sum((s) => new Set(s.ledger.eventIds).size),
      carrierDeliveries: sum((s) => new Set(s.ledger.deliveries.map((d) => d.id)).size),
      merchantEvents: sum((s) => s.ledger.merchantEvents.length),
      platformDeliveries: sum((s) => new Set(s.platform.webhookIds).size),
      platformOrders: sum((s) => new Set(s.platform.orderIds).size),
    },
    duplicatesSent: {
      webhook: sum((s) => s.ledger.duplicatesSent.webhook),
      shipment_event: sum((s) => s.ledger.duplicatesSent.shipment_event),
      platform_order: sum((s) => s.platform.resent),
    },
    lost,
    duplicated,
    unexplained,
    misplaced,
    platformWaiting,
    queues: { eventsWaitedMs, webhooksWaitedMs, complete, deadLetters },
    violations: measurements.violations,
  };
}

const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]!;

/**
 * A shopper's tracking tab: a page view reads the order with its offers; a refresh sends the ETag the
 * tab holds (none yet: a first read), answered 304 while nothing changed.
 */
async function tab(send: Send, store: PeakStore, kind: "page_view" | "refresh") {
  const order = pick(store.orders);
  const held = kind === "refresh" ? store.etags.get(order.token) : undefined;
  const res = await send(kind, kind === "page_view" ? `/v1/o/${order.token}?offers=tracking` : `/v1/o/${order.token}`, () => ({
    headers: { Origin: SHOP_ORIGIN, "CF-Connecting-IP": order.ip, ...(held ? { "If-None-Match": held } : {}) },
  }));
  if (kind !== "refresh" || !res.ok) return;
  store.refreshes.total++;
  if (res.status === 304) store.refreshes.notModified++;
  if (res.etag) store.etags.set(order.token, res.etag);
}

/** A new order from the store's Shopify (orders/create), or, a fifth of the time, one already acknowledged sent again under its webhook id. */
async function platformOrder(send: Send, store: PeakStore, storeIndex: number, n: number) {
  const earlier = store.platform.webhookIds.length && Math.random() < DUPLICATE_SHARE ? pick(store.platform.sent) : undefined;
  if (earlier) store.platform.resent++;
  const ours = `PK${storeIndex}-${process.pid}-${n}`;
  const delivery =
    earlier ??
    (() => {
      const body = JSON.stringify(
        shopifyOrderFor({
          id: ours,
          placedAt: new Date(Date.now() - 60_000).toISOString(),
          currency: "USD",
          customer: { id: `peak-c-${n % 50}`, email: `peak${n % 50}@example.com` },
          lines: [{ sku: `SKU-${n % 5}`, name: "Peak item", quantity: 1, unitPrice: 2500 }],
          fees: [],
          discounts: [],
          total: 2500,
        }),
      );
      return { body, webhookId: randomUUID(), orderId: numericId(`order:${ours}`) };
    })();
  const res = await send("platform_order", `/v1/platforms/shopify/${store.credentials.storeId}`, () => ({
    method: "POST",
    headers: shopifyHeaders(store.shopSecret, store.shop, "orders/create", delivery.body, delivery.webhookId),
    body: delivery.body,
  }));
  if (res.ok && !earlier) {
    store.platform.webhookIds.push(delivery.webhookId);
    store.platform.orderIds.push(delivery.orderId);
    store.platform.sent.push(delivery);
  }
}

/**
 * Waits until `expected` platform deliveries of the store are stored (or the limit passes). Stored is
 * what a Shopify delivery needs to be safe: its processing, if it failed under the faults, is retried
 * by the every-minute cron, which `wrangler dev` does not run by itself.
 */
async function platformSettled(target: D1Target, storeId: string, expected: number, limitMs = 60_000): Promise<boolean> {
  const at = inShard(target, await shardOfStore(storeId, target));
  const started = Date.now();
  for (;;) {
    const [rows] = await d1Execute(toSqlScript([sql(`SELECT count(*) AS n FROM platform_deliveries WHERE store_id = ?`, storeId)]), at);
    if (Number(rows?.[0]?.n ?? 0) >= expected) return true;
    if (Date.now() - started > limitMs) return false;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * The store's platform deliveries and orders, read back from its shard: each acknowledged delivery
 * stored exactly once; each one processed ("done") has its order, once; none is an order twice. What
 * is still pending or failed under the faults is counted: stored, it waits for the cron's retry.
 */
async function platformBack(
  persistTo: string,
  store: PeakStore,
): Promise<{ lost: number; duplicated: number; waiting: number; ordersMade: number }> {
  const at = inShard({ persistTo }, await shardOfStore(store.credentials.storeId, { persistTo }));
  const [deliveries, orders] = await d1Execute(
    toSqlScript([
      sql(`SELECT id, status FROM platform_deliveries WHERE store_id = ? AND platform = 'shopify'`, store.credentials.storeId),
      // The setup's orders came through the merchant API (load-…); the rest came from Shopify.
      sql(`SELECT id FROM orders WHERE store_id = ? AND id NOT LIKE 'load-%'`, store.credentials.storeId),
    ]),
    at,
  );
  let lost = 0;
  let duplicated = 0;
  const counted = (ids: string[]) => {
    const counts = new Map<string, number>();
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    for (const c of counts.values()) if (c > 1) duplicated += c - 1;
    return counts;
  };
  const stored = counted((deliveries ?? []).map((r) => String(r.id)));
  const made = counted((orders ?? []).map((r) => String(r.id)));
  const status = new Map((deliveries ?? []).map((r) => [String(r.id), String(r.status)]));
  for (const sent of store.platform.sent) {
    if (!stored.has(sent.webhookId)) lost++;
    else if (status.get(sent.webhookId) === "done" && !made.has(sent.orderId)) lost++;
  }
  const waiting = [...status.values()].filter((s) => s !== "done").length;
  return { lost, duplicated, waiting, ordersMade: made.size };
}

/** Rows of this store in any other store's shard (there must be none: a shard holds its own stores' data only). */
async function elsewhere(persistTo: string, store: PeakStore, all: PeakStore[]): Promise<number> {
  let found = 0;
  for (const shard of new Set(all.map((s) => s.shard))) {
    if (shard === store.shard) continue;
    const [rows] = await d1Execute(
      toSqlScript([
        sql(
          `SELECT (SELECT count(*) FROM orders WHERE store_id = ?) + (SELECT count(*) FROM widget_events WHERE store_id = ?)
                + (SELECT count(*) FROM webhook_deliveries WHERE store_id = ?) + (SELECT count(*) FROM platform_deliveries WHERE store_id = ?) AS n`,
          ...Array<string>(4).fill(store.credentials.storeId),
        ),
      ]),
      inShard({ persistTo }, shard as never),
    );
    found += Number(rows?.[0]?.n ?? 0);
  }
  return found;
}

export function formatPeak(f: PeakFigures): string {
  const a = f.acknowledged;
  return [
    `peak minute: ${f.stores.length} stores over ${new Set(f.stores.map((s) => s.shard)).size} shards (${f.stores.map((s) => `${s.id} ${s.shard}`).join(", ")}), ${f.elapsedSeconds.toFixed(1)} s, faults ${f.options.faults}`,
    `operations: ${Object.entries(f.operations)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(
        ", ",
      )} (${f.scheduled} scheduled); ${f.requestsPerSecond.toFixed(1)} requests/s, p50 ${f.latencyMs.p50.toFixed(0)} ms, p99 ${f.latencyMs.p99.toFixed(0)} ms`,
    `statuses: ${JSON.stringify(f.statuses)}; retries ${f.retries}, gave up ${f.gaveUp}; refreshes ${f.refreshes.notModified} of ${f.refreshes.total} answered 304`,
    `acknowledged: ${a.widgetEvents} widget events, ${a.carrierDeliveries} carrier deliveries, ${a.merchantEvents} merchant updates, ${a.platformDeliveries} platform deliveries (${a.platformOrders} orders); resent ${f.duplicatesSent.webhook} carrier, ${f.duplicatesSent.shipment_event} merchant, ${f.duplicatesSent.platform_order} platform`,
    `read back: lost ${f.lost}, doubled ${f.duplicated}, unexplained ${f.unexplained}, in another store's shard ${f.misplaced}; ${f.platformWaiting} Shopify deliveries stored and left for the cron's retry; queues drained ${f.queues.complete ? "" : "NOT "}completely (events ${(f.queues.eventsWaitedMs / 1000).toFixed(1)} s, webhooks ${(f.queues.webhooksWaitedMs / 1000).toFixed(1)} s), ${f.queues.deadLetters} dead letters`,
    f.violations.length ? `violations: ${f.violations.length}, first: ${JSON.stringify(f.violations[0])}` : "violations: none",
  ].join("\n");
}

/** The peak minute in BENCHMARKS.md. */
export function renderPeakMinute(f: PeakFigures, fmt: (n: number | undefined) => string): string[] {
  const a = f.acknowledged;
  const held = f.lost === 0 && f.duplicated === 0 && f.misplaced === 0 && f.queues.complete && f.violations.length === 0 && f.gaveUp === 0;
  const ops = Object.entries(f.operations).filter(([, n]) => n > 0);
  return [
    "### The peak minute: several stores across shards, under faults",
    "",
    `A bounded loopback run (scripts/load/peak-minute.ts) of ${fmt(f.elapsedSeconds)} s against one \`wrangler dev\` whose D1 writes fail on purpose (\`${f.options.faults}\`: before the write, and after it committed), ` +
      `${f.stores.length} stores placed over the shards (${f.stores.map((s) => `${s.id} in ${s.shard}`).join(", ")}), ${f.options.orders} orders each, ${f.options.clients} clients at ${f.options.rate} operations/s. ` +
      "Tracking page views with offers, open tabs refreshing with the ETag they hold, widget event bursts, signed carrier webhooks and merchant parcel updates, and Shopify `orders/create` deliveries, a fifth of the webhooks and updates resent unchanged. " +
      "Every client retries a 503 after its Retry-After. Afterwards both queues drain and each store's shard is read back.",
    "",
    "| Operations | requests/s | p50 ms | p99 ms | retries | refreshes answered 304 |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    `| ${ops.map(([k, n]) => `${k.replace("_", " ")} ${fmt(n)}`).join(", ")} | ${fmt(f.requestsPerSecond)} | ${fmt(f.latencyMs.p50)} | ${fmt(f.latencyMs.p99)} | ${fmt(f.retries)} | ${fmt(f.refreshes.notModified)} of ${fmt(f.refreshes.total)} |`,
    "",
    `Acknowledged: ${fmt(a.widgetEvents)} widget events, ${fmt(a.carrierDeliveries)} carrier deliveries, ${fmt(a.merchantEvents)} merchant updates, ${fmt(a.platformDeliveries)} Shopify deliveries (${fmt(a.platformOrders)} orders); resent as duplicates: ${fmt(f.duplicatesSent.webhook)} carrier, ${fmt(f.duplicatesSent.shipment_event)} merchant, ${fmt(f.duplicatesSent.platform_order)} Shopify. ` +
      `Read back: **${fmt(f.lost)} lost, ${fmt(f.duplicated)} doubled**, ${fmt(f.unexplained)} unexplained, ${fmt(f.misplaced)} rows in another store's shard, ${fmt(f.platformWaiting)} Shopify deliveries stored whose processing failed under the faults and waits for the cron's retry; the queues drained ${f.queues.complete ? "completely" : "**not completely**"} (events ${fmt(f.queues.eventsWaitedMs / 1000)} s, webhooks ${fmt(f.queues.webhooksWaitedMs / 1000)} s after the schedule), ${fmt(f.queues.deadLetters)} dead letters; ${fmt(f.gaveUp)} operations gave up; ${f.violations.length} contract violations. ` +
      `Goal (nothing lost or doubled): **${held ? "met" : "not met"}**.`,
    "",
  ];
}
