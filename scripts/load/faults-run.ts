/**
 * A bounded loopback load run against `wrangler dev` whose D1 writes fail on purpose (DOORSTEP_FAULTS):
 * a fixed mix of signed carrier webhooks (some resent as duplicates), merchant shipment events, shopper
 * order reads and shopper event batches, issued at a stated rate by a few concurrent clients for a
 * stated time. Every client retries a 503 after its Retry-After (shortened, so the run stays bounded),
 * as a vendor, a merchant's server or the widget would. Afterwards D1 is read back: every write that was
 * acknowledged with a 2xx must be there exactly once, and every refusal must have been a 503 with
 * Retry-After in the contract's error shape (or a 429, which the chosen spread should avoid).
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { easyPostTrackerEvent, afterShipTrackingUpdate, signedHeaders } from "../lib/carrier-payloads.ts";
import { ensureLocalSecretKey } from "../lib/dev-vars.ts";
import { freePort } from "../lib/free-port.ts";
import { createStore, parseSettings } from "../lib/store-admin.ts";
import { applyMigrations, d1Execute, ROOT, startWorker, type RunningWorker } from "../lib/wrangler.ts";
import { toSqlScript, sql } from "../../worker/storage/statement.ts";

export type Kind = "webhook" | "shipment_event" | "order_read" | "shopper_events";

export interface LoadOptions {
  seconds: number;
  /** Operations started per second, whatever the answers (a retry belongs to its operation). */
  rate: number;
  clients: number;
  orders: number;
  /** The DOORSTEP_FAULTS spec given to the worker. */
  faults: string;
  /** Bounds on the wait before a retry; Retry-After is asserted, then shortened into this range. */
  retryWaitMs: [number, number];
  maxAttempts: number;
  log?: (line: string) => void;
}

export const DEFAULT_OPTIONS: LoadOptions = {
  seconds: 60,
  rate: 20,
  clients: 8,
  orders: 40,
  faults: "before=0.10,after=0.05",
  retryWaitMs: [50, 200],
  maxAttempts: 12,
};

/**
 * The mix, as shares of operations. At 20 operations a second over 40 orders that is 0.3 shopper
 * requests a second per order token (3 per 10 s against a limit of 60, retries included well under),
 * and shopper requests come from one address per order (wrangler dev takes the client's
 * CF-Connecting-IP; the limit per address is 300 per 10 s), so the limiters stay out of the way:
 * a 429 would be reported, and retried like a 503.
 */
export const MIX: Record<Kind, number> = { webhook: 0.2, shipment_event: 0.2, order_read: 0.3, shopper_events: 0.3 };
/** Share of webhook and shipment-event operations that resend an earlier acknowledged one unchanged. */
const DUPLICATE_SHARE = 0.2;
const EVENTS_PER_BATCH = 5;
const SHOP_ORIGIN = "http://127.0.0.1:9";

export interface Violation {
  kind: Kind;
  status: number;
  detail: string;
}

export interface LoadFigures {
  options: Omit<LoadOptions, "log">;
  elapsedSeconds: number;
  operations: Record<Kind, number>;
  requests: Record<Kind, number>;
  requestsPerSecond: number;
  /** Operations the rate asked for; `operations` says how many were started before the deadline. */
  scheduled: number;
  operationsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  latencyByKindMs: Record<Kind, { p50: number; p99: number }>;
  statuses: Record<string, number>;
  unavailable: number;
  unavailableShare: number;
  rateLimited: number;
  retries: number;
  /** Operations that never got a 2xx within maxAttempts. */
  gaveUp: number;
  duplicatesSent: { webhook: number; shipment_event: number };
  acknowledged: { widgetEvents: number; webhookDeliveries: number; merchantEvents: number; total: number };
  stored: { widgetEvents: number; webhookDeliveries: number; webhookCarrierEvents: number; merchantEvents: number };
  /** The setup's orders and parcels, written through the same faults: each figure should equal `options.orders`. */
  setup: Record<string, number>;
  lost: number;
  duplicated: number;
  /** Rows no acknowledged write explains (a write committed whose operation then gave up). */
  unexplained: number;
  violations: Violation[];
}

interface Order {
  id: string;
  token: string;
  shipmentId: string;
  trackingNumber: string;
  ip: string;
}

interface Attempted {
  ok: boolean;
  status: number;
  body: unknown;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0;

export async function runFaultLoad(partial: Partial<LoadOptions> = {}): Promise<LoadFigures> {
  const options = { ...DEFAULT_OPTIONS, ...partial };
  const log = options.log ?? (() => {});
  const persistTo = join(ROOT, "tests/.tmp", `load-faults-${process.pid}-${Date.now()}`);
  rmSync(persistTo, { recursive: true, force: true });
  mkdirSync(persistTo, { recursive: true });
  let worker: RunningWorker | undefined;
  try {
    await applyMigrations({ persistTo });
    const credentials = await createStore("load", parseSettings({ name: "Load", origins: [SHOP_ORIGIN] }), ensureLocalSecretKey(), { persistTo });
    worker = await startWorker({ port: await freePort(), persistTo, vars: { DOORSTEP_FAULTS: options.faults } });
    log(`worker on ${worker.origin} with DOORSTEP_FAULTS=${options.faults}`);
    return await drive(worker, credentials, options, persistTo, log);
  } finally {
    await worker?.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
}

async function drive(
  worker: RunningWorker,
  credentials: Awaited<ReturnType<typeof createStore>>,
  options: LoadOptions,
  persistTo: string,
  log: (line: string) => void,
): Promise<LoadFigures> {
  const kinds = Object.keys(MIX) as Kind[];
  const zero = () => Object.fromEntries(kinds.map((k) => [k, 0])) as Record<Kind, number>;
  const requests = zero();
  const operations = zero();
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  const latenciesByKind = Object.fromEntries(kinds.map((k) => [k, [] as number[]])) as Record<Kind, number[]>;
  const violations: Violation[] = [];
  let retries = 0;
  let gaveUp = 0;
  let measuring = false;

  const merchantHeaders = { "Content-Type": "application/json", Authorization: `Bearer ${credentials.apiKey}` };

  /**
   * One operation: the same request until it is acknowledged, waiting out each 503's Retry-After
   * (asserted, then shortened). Anything else that is not 2xx is a violation and ends the operation.
   */
  async function send(kind: Kind, path: string, init: () => Promise<RequestInit> | RequestInit): Promise<Attempted> {
    const request = await init();
    for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
      if (attempt > 1) retries += measuring ? 1 : 0;
      const started = performance.now();
      let res: Response;
      try {
        res = await fetch(`${worker.origin}${path}`, request);
      } catch (error) {
        violations.push({ kind, status: 0, detail: `network: ${(error as Error).message}` });
        return { ok: false, status: 0, body: null };
      }
      const text = await res.text();
      if (measuring) {
        latencies.push(performance.now() - started);
        latenciesByKind[kind].push(performance.now() - started);
        requests[kind]++;
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      }
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        /* judged below */
      }
      if (res.ok) return { ok: true, status: res.status, body };
      const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
      const retryAfter = res.headers.get("retry-after");
      const seconds = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : NaN;
      const shaped = typeof error?.code === "string" && typeof error.message === "string" && error.message.length > 0;
      if ((res.status === 503 || res.status === 429) && shaped && seconds >= 1 && seconds <= 120) {
        if (res.status === 503 && error.code !== "storage_unavailable") {
          violations.push({ kind, status: 503, detail: `code ${String(error.code)}` });
        }
        const [low, high] = options.retryWaitMs;
        await new Promise((r) => setTimeout(r, Math.min(seconds * 1000, low + Math.random() * (high - low))));
        continue;
      }
      violations.push({ kind, status: res.status, detail: `Retry-After ${retryAfter ?? "missing"}; ${text.slice(0, 200)}` });
      return { ok: false, status: res.status, body };
    }
    if (measuring) gaveUp++;
    return { ok: false, status: 503, body: null };
  }

  // Setup goes through the same faults and retries; it is not counted.
  async function setUp(i: number): Promise<Order> {
    const id = `load-${i}`;
    const placed = await send("order_read", "/v1/orders", () => ({
      method: "POST",
      headers: merchantHeaders,
      body: JSON.stringify({
        id,
        placedAt: new Date(Date.now() - 86_400_000).toISOString(),
        currency: "USD",
        customer: { id: `load-customer-${i}`, email: `shopper${i}@example.com` },
        lines: [{ sku: `SKU-${i % 5}`, name: "Load item", quantity: 1, unitPrice: 2500 }],
        fees: [],
        discounts: [],
        total: 2500,
      }),
    }));
    if (!placed.ok) throw new Error(`setup: order ${id} was not created (${placed.status})`);
    const shipmentId = `load-ship-${i}`;
    const trackingNumber = `LOAD${String(i).padStart(6, "0")}`;
    const shipped = await send("shipment_event", `/v1/orders/${id}/shipments`, () => ({
      method: "POST",
      headers: merchantHeaders,
      body: JSON.stringify({ id: shipmentId, carrier: "USPS", trackingNumber, lines: [{ sku: `SKU-${i % 5}`, quantity: 1 }] }),
    }));
    if (!shipped.ok) throw new Error(`setup: shipment ${shipmentId} was not created (${shipped.status})`);
    const token = (placed.body as { orderToken: string }).orderToken;
    return { id, token, shipmentId, trackingNumber, ip: `10.77.${i >> 8}.${(i & 255) + 1}` };
  }
  // As many at a time as there are clients: one after another took a quarter of the test's time.
  const orders: Order[] = [];
  for (let first = 0; first < options.orders; first += options.clients) {
    const wave = Array.from({ length: Math.min(options.clients, options.orders - first) }, (_, k) => setUp(first + k));
    orders.push(...(await Promise.all(wave)));
  }
  log(`set up ${orders.length} orders with one parcel each`);

  const ackedEventIds: string[] = [];
  const ackedDeliveries: { vendor: "easypost" | "aftership"; id: string; body: string }[] = [];
  const ackedMerchantEvents: { shipmentId: string; body: string; id: string }[] = [];
  const duplicatesSent = { webhook: 0, shipment_event: 0 };
  let sequence = 0;
  const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]!;

  async function operation(kind: Kind) {
    operations[kind]++;
    const n = sequence++;
    const order = pick(orders);
    if (kind === "order_read") {
      await send(kind, `/v1/o/${order.token}`, () => ({ headers: { Origin: SHOP_ORIGIN, "CF-Connecting-IP": order.ip } }));
      return;
    }
    if (kind === "shopper_events") {
      const at = new Date().toISOString();
      const batch = Array.from({ length: EVENTS_PER_BATCH }, (_, i) => ({
        id: `lf${process.pid}n${n}e${i}`,
        type: i === 0 ? "click" : "view",
        target: "confirmation",
        at,
      }));
      const res = await send(kind, `/v1/o/${order.token}/events`, () => ({
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: SHOP_ORIGIN, "CF-Connecting-IP": order.ip },
        body: JSON.stringify(batch),
      }));
      if (res.ok) ackedEventIds.push(...batch.map((e) => e.id));
      return;
    }
    if (kind === "shipment_event") {
      const earlier = ackedMerchantEvents.length && Math.random() < DUPLICATE_SHARE ? pick(ackedMerchantEvents) : undefined;
      if (earlier) duplicatesSent.shipment_event++;
      const event = earlier ?? {
        shipmentId: order.shipmentId,
        id: `lf-m-${n}`,
        body: JSON.stringify({ id: `lf-m-${n}`, status: "in_transit", occurredAt: new Date(Date.now() - 3_600_000 + n).toISOString(), location: "Memphis, TN" }),
      };
      const res = await send(kind, `/v1/shipments/${event.shipmentId}/events`, () => ({ method: "POST", headers: merchantHeaders, body: event.body }));
      if (res.ok && !earlier) ackedMerchantEvents.push(event);
      return;
    }
    const earlier = ackedDeliveries.length && Math.random() < DUPLICATE_SHARE ? pick(ackedDeliveries) : undefined;
    if (earlier) duplicatesSent.webhook++;
    const vendor = earlier?.vendor ?? (n % 2 ? "easypost" : "aftership");
    // One new scan per delivery (a distinct minute), so each delivery adds exactly one carrier event.
    const scanAt = new Date(Date.UTC(2026, 10, 1) + n * 60_000).toISOString();
    const deliveryId = `lf-d-${process.pid}-${n}`;
    const body =
      earlier?.body ??
      JSON.stringify(
        vendor === "easypost"
          ? easyPostTrackerEvent({
              trackingCode: order.trackingNumber,
              eventId: deliveryId,
              scans: [{ status: "in_transit", statusDetail: "arrived_at_facility", message: `Arrived ${n}`, datetime: scanAt, city: "Memphis" }],
            })
          : afterShipTrackingUpdate({
              trackingNumber: order.trackingNumber,
              eventId: deliveryId,
              checkpoints: [{ tag: "InTransit", subtag: "InTransit_001", message: `Scanned ${n}`, time: scanAt.replace("Z", "+00:00"), city: "Leipzig" }],
            }),
      );
    const secret = credentials.webhookSecrets[vendor];
    const res = await send(kind, `/v1/webhooks/${vendor}/${credentials.storeId}`, async () => ({
      method: "POST",
      headers: await signedHeaders(vendor, secret, body),
      body,
    }));
    if (res.ok && !earlier) ackedDeliveries.push({ vendor, id: deliveryId, body });
    if (res.ok && earlier && (res.body as { replay?: boolean }).replay !== true) {
      violations.push({ kind, status: res.status, detail: `resent delivery ${earlier.id} was not recognised as a replay` });
    }
  }

  // The schedule: operation i starts at i / rate seconds, whichever client is free takes it. The mix
  // is laid out in a fixed shuffled cycle so every second carries about the same shares.
  const cycle: Kind[] = kinds.flatMap((k) => Array.from({ length: Math.round(MIX[k] * 20) }, () => k));
  for (let i = cycle.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [cycle[i], cycle[j]] = [cycle[j]!, cycle[i]!];
  }
  const total = Math.round(options.seconds * options.rate);
  let next = 0;
  measuring = true;
  const start = performance.now();
  const deadline = start + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.clients }, async () => {
      // A machine slower than the rate asks for runs out of time rather than running long: what was
      // not started by the deadline is left out, and the figures say how much was started.
      while (next < total && performance.now() < deadline) {
        const i = next++;
        const due = start + (i * 1000) / options.rate;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        await operation(cycle[i % cycle.length]!);
      }
    }),
  );
  const elapsedSeconds = (performance.now() - start) / 1000;
  measuring = false;
  const started = Math.min(next, total);
  log(`started ${started} of ${total} scheduled operations in ${elapsedSeconds.toFixed(1)} s; verifying D1`);

  await worker.stop();
  const stored = await readBack(persistTo, credentials.storeId);
  const countOf = (rows: string[]) => {
    const m = new Map<string, number>();
    for (const id of rows) m.set(id, (m.get(id) ?? 0) + 1);
    return m;
  };
  const eventRows = countOf(stored.widgetEvents);
  const deliveryRows = countOf(stored.deliveries);
  const merchantRows = countOf(stored.merchantEvents);
  const check = (acked: string[], rows: Map<string, number>) => {
    const ackedSet = new Set(acked);
    let lost = 0;
    let duplicated = 0;
    for (const id of ackedSet) if (!rows.has(id)) lost++;
    for (const [id, count] of rows) if (count > 1) duplicated += count - 1;
    const unexplained = [...rows.keys()].filter((id) => !ackedSet.has(id)).length;
    return { lost, duplicated, unexplained };
  };
  const results = [
    check(ackedEventIds, eventRows),
    check(ackedDeliveries.map((d) => d.id), deliveryRows),
    check(ackedMerchantEvents.map((e) => `m:${e.id}`), merchantRows),
  ];
  const sum = (key: "lost" | "duplicated" | "unexplained") => results.reduce((s, r) => s + r[key], 0);
  // Each acknowledged delivery carried one new scan: a stored delivery without its event would be a
  // half-made write, and an event counted twice would show here as more rows than deliveries.
  if (stored.webhookCarrierEvents !== deliveryRows.size) {
    violations.push({
      kind: "webhook",
      status: 0,
      detail: `${deliveryRows.size} deliveries stored but ${stored.webhookCarrierEvents} carrier events from webhooks`,
    });
  }

  for (const [name, value] of Object.entries(stored.orders)) {
    if (value !== orders.length) violations.push({ kind: "order_read", status: 0, detail: `setup: ${name} is ${value} for ${orders.length} orders` });
  }

  const sorted = latencies.sort((a, b) => a - b);
  const allRequests = kinds.reduce((s, k) => s + requests[k], 0);
  const unavailable = statuses["503"] ?? 0;
  const { log: _log, ...shownOptions } = options;
  return {
    options: shownOptions,
    elapsedSeconds,
    operations,
    requests,
    requestsPerSecond: allRequests / elapsedSeconds,
    scheduled: total,
    operationsPerSecond: started / elapsedSeconds,
    latencyMs: { p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0 },
    latencyByKindMs: Object.fromEntries(
      kinds.map((k) => {
        const own = latenciesByKind[k].sort((a, b) => a - b);
        return [k, { p50: percentile(own, 50), p99: percentile(own, 99) }];
      }),
    ) as Record<Kind, { p50: number; p99: number }>,
    statuses,
    unavailable,
    unavailableShare: allRequests ? unavailable / allRequests : 0,
    rateLimited: statuses["429"] ?? 0,
    retries,
    gaveUp,
    duplicatesSent,
    acknowledged: {
      widgetEvents: new Set(ackedEventIds).size,
      webhookDeliveries: ackedDeliveries.length,
      merchantEvents: ackedMerchantEvents.length,
      total: new Set(ackedEventIds).size + ackedDeliveries.length + ackedMerchantEvents.length,
    },
    stored: {
      widgetEvents: stored.widgetEvents.length,
      webhookDeliveries: stored.deliveries.length,
      webhookCarrierEvents: stored.webhookCarrierEvents,
      merchantEvents: stored.merchantEvents.length,
    },
    setup: stored.orders,
    lost: sum("lost"),
    duplicated: sum("duplicated"),
    unexplained: sum("unexplained"),
    violations,
  };
}

async function readBack(persistTo: string, storeId: string) {
  const [events, deliveries, merchant, carrier, orders] = await d1Execute(
    toSqlScript([
      sql(`SELECT id FROM widget_events WHERE store_id = ?`, storeId),
      sql(`SELECT id FROM webhook_deliveries WHERE store_id = ?`, storeId),
      sql(`SELECT id FROM carrier_events WHERE store_id = ? AND source = 'merchant'`, storeId),
      sql(`SELECT count(*) AS n FROM carrier_events WHERE store_id = ? AND source IN ('easypost', 'aftership')`, storeId),
      // Orders were created through the same faults: each once, with one token, counted once in the
      // facts offers rank from, and with its lifecycle schedule made.
      sql(
        `SELECT (SELECT count(*) FROM orders WHERE store_id = ?) AS orders,
                (SELECT count(*) FROM shipments WHERE store_id = ?) AS shipments,
                (SELECT count(*) FROM order_tokens WHERE store_id = ?) AS tokens,
                (SELECT coalesce(max(orders), 0) FROM store_counters WHERE store_id = ?) AS counted,
                (SELECT coalesce(sum(orders), 0) FROM sku_orders WHERE store_id = ?) AS sku_orders,
                (SELECT coalesce(sum(orders), 0) FROM customer_totals WHERE store_id = ?) AS customer_orders,
                (SELECT count(DISTINCT order_id) FROM lifecycle_moments WHERE store_id = ?) AS scheduled`,
        ...Array<string>(7).fill(storeId),
      ),
    ]),
    { persistTo },
  );
  const ids = (rows: Record<string, unknown>[] | undefined) => (rows ?? []).map((r) => String(r.id));
  return {
    widgetEvents: ids(events),
    deliveries: ids(deliveries),
    merchantEvents: ids(merchant),
    webhookCarrierEvents: Number(carrier?.[0]?.n ?? 0),
    orders: Object.fromEntries(Object.entries(orders?.[0] ?? {}).map(([k, v]) => [k, Number(v)])) as Record<
      "orders" | "shipments" | "tokens" | "counted" | "sku_orders" | "customer_orders" | "scheduled",
      number
    >,
  };
}

export function formatFigures(f: LoadFigures): string {
  const kinds = Object.keys(f.requests) as Kind[];
  const lines = [
    `Load under D1 write faults (${f.options.faults}), loopback, ${f.options.clients} clients, ${f.options.seconds} s at ${f.options.rate} operations/s`,
    `mix: ${kinds.map((k) => `${k} ${Math.round(MIX[k] * 100)}%`).join(", ")}; ${Math.round(DUPLICATE_SHARE * 100)}% of webhooks and shipment events resent as duplicates`,
    `${"kind".padEnd(16)}${"operations".padStart(11)}${"requests".padStart(10)}${"p50 ms".padStart(9)}${"p99 ms".padStart(9)}`,
    ...kinds.map(
      (k) =>
        `${k.padEnd(16)}${String(f.operations[k]).padStart(11)}${String(f.requests[k]).padStart(10)}` +
        `${f.latencyByKindMs[k].p50.toFixed(1).padStart(9)}${f.latencyByKindMs[k].p99.toFixed(1).padStart(9)}`,
    ),
    `started ${kinds.reduce((sum, k) => sum + f.operations[k], 0)} of ${f.scheduled} scheduled operations; achieved: ${f.operationsPerSecond.toFixed(1)} operations/s, ${f.requestsPerSecond.toFixed(1)} requests/s over ${f.elapsedSeconds.toFixed(1)} s`,
    `latency per request: p50 ${f.latencyMs.p50.toFixed(1)} ms, p90 ${f.latencyMs.p90.toFixed(1)} ms, p99 ${f.latencyMs.p99.toFixed(1)} ms, max ${f.latencyMs.max.toFixed(1)} ms`,
    `statuses: ${Object.entries(f.statuses).map(([s, n]) => `${s}×${n}`).join(", ")}`,
    `503 storage_unavailable: ${f.unavailable} (${(f.unavailableShare * 100).toFixed(1)}% of requests); 429: ${f.rateLimited}; retries: ${f.retries}; gave up: ${f.gaveUp}`,
    `duplicates sent: ${f.duplicatesSent.webhook} webhooks, ${f.duplicatesSent.shipment_event} shipment events`,
    `acknowledged writes: ${f.acknowledged.total} (${f.acknowledged.widgetEvents} widget events, ${f.acknowledged.webhookDeliveries} webhook deliveries, ${f.acknowledged.merchantEvents} merchant events)`,
    `stored: ${f.stored.widgetEvents} widget events, ${f.stored.webhookDeliveries} deliveries with ${f.stored.webhookCarrierEvents} carrier events, ${f.stored.merchantEvents} merchant events`,
    `setup through the faults, per ${f.options.orders} orders: ${Object.entries(f.setup).map(([k, v]) => `${k} ${v}`).join(", ")}`,
    `lost acknowledged writes: ${f.lost}; duplicated: ${f.duplicated}; stored but never acknowledged: ${f.unexplained}; violations: ${f.violations.length}`,
    ...f.violations.slice(0, 10).map((v) => `  ! ${v.kind} ${v.status}: ${v.detail}`),
  ];
  return lines.join("\n");
}
