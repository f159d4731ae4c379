/**
 * Load on the worker under `wrangler dev` with local D1, on loopback only, bounded in time: the events
 * endpoint with 20-event batches against a trivial endpoint of the same worker (the ceiling).
 *
 * Requests are spread over many order tokens and client addresses, as real traffic from many shoppers
 * would be, so the per-token and per-IP limits do not turn the run into a measurement of 429s.
 * (wrangler dev trusts a client's CF-Connecting-IP; Cloudflare's edge overwrites it.)
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import autocannon from "autocannon";
import { FULL_SIZE, generateOffersData } from "./offers-data.ts";
import { sampleOrders } from "./sample-orders.ts";
import { freePort } from "../lib/free-port.ts";
import { ensureLocalSecretKey } from "../lib/dev-vars.ts";
import { eventsDrained, type Drained } from "../lib/events-drained.ts";
import { createStore, parseSettings } from "../lib/store-admin.ts";
import { applyMigrations, ROOT, startWorker } from "../lib/wrangler.ts";
import { tableSizes, type TableSize } from "./storage-size.ts";

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 32;
const EVENTS_PER_BATCH = 20;
const TOKENS = 200;

export interface LoadFigures {
  label: string;
  requestsPerSecond: number;
  eventsPerSecond?: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/** Answers with a 2xx status. */
const okCount = (result: Awaited<ReturnType<typeof autocannon>>) =>
  Object.entries(result.statusCodeStats)
    .filter(([code]) => code.startsWith("2"))
    .reduce((sum, [, s]) => sum + Number((s as { count: number }).count), 0);

function figures(label: string, result: Awaited<ReturnType<typeof autocannon>>, eventsPerRequest?: number): LoadFigures {
  const perSecond = okCount(result) / result.duration;
  return {
    label,
    requestsPerSecond: perSecond,
    eventsPerSecond: eventsPerRequest ? perSecond * eventsPerRequest : undefined,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

let sequence = 0;
function eventBatch(): string {
  const at = new Date().toISOString();
  const batch = Array.from({ length: EVENTS_PER_BATCH }, (_, i) => ({
    id: `bench_${process.pid}_${sequence}_${i}`,
    type: i % 4 === 0 ? "click" : "view",
    target: "confirmation",
    at,
  }));
  sequence++;
  return JSON.stringify(batch);
}

export interface WorkerLoadResult {
  rows: LoadFigures[];
  connections: number;
  seconds: number;
  eventsPerBatch: number;
  /** widget_events after the run: rows, and bytes with its indexes (what an event costs D1 storage). */
  events?: TableSize;
  /** The events queue after the run (since issue 23 the endpoint enqueues): how long its consumer took to write the rest. */
  queue?: Drained & { expected: number };
}

/** `config`: the wrangler configuration to run (the bench's frozen copy, snapshot.ts). */
export async function measureWorkerLoad(config?: string): Promise<WorkerLoadResult> {
  const persistTo = join(ROOT, "tests/.tmp", `bench-${process.pid}`);
  rmSync(persistTo, { recursive: true, force: true });
  mkdirSync(persistTo, { recursive: true });
  const origin = "http://127.0.0.1:9";
  const secretKey = ensureLocalSecretKey();
  await applyMigrations({ persistTo });
  const { apiKey } = await createStore("bench", parseSettings({ name: "Bench", origins: [origin] }), secretKey, { persistTo });
  const worker = await startWorker({ port: await freePort(), persistTo, config });
  try {
    const tokens: string[] = [];
    for (const order of sampleOrders(TOKENS)) {
      const res = await fetch(`${worker.origin}/v1/orders`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` },
        body: JSON.stringify(order),
      });
      tokens.push(((await res.json()) as { orderToken: string }).orderToken);
    }
    const trivial = await autocannon({ url: `${worker.origin}/v1/health`, connections: CONNECTIONS, duration: DURATION_S });
    let n = 0;
    const events = await autocannon({
      url: worker.origin,
      connections: CONNECTIONS,
      duration: DURATION_S,
      requests: [
        {
          method: "POST",
          setupRequest: (request) => {
            n++;
            return {
              ...request,
              path: `/v1/o/${tokens[n % tokens.length]}/events`,
              headers: {
                "content-type": "application/json",
                origin,
                "cf-connecting-ip": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
              },
              body: eventBatch(),
            };
          },
        },
      ],
    });
    const rows = [
      figures("GET /v1/health (ceiling)", trivial),
      figures(`POST events (${EVENTS_PER_BATCH}/batch)`, events, EVENTS_PER_BATCH),
    ];
    // The answers were 202s: the consumer writes the events from the queue (in memory under wrangler
    // dev), so wait for it before stopping the worker, and say how far behind it was.
    const expected = okCount(events) * EVENTS_PER_BATCH;
    const queue = { ...(await eventsDrained({ persistTo }, undefined, expected)), expected };
    await worker.stop();
    const stored = tableSizes(persistTo).tables.find((t) => t.table === "widget_events");
    return { rows, connections: CONNECTIONS, seconds: DURATION_S, eventsPerBatch: EVENTS_PER_BATCH, events: stored, queue };
  } finally {
    await worker.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
}

export function printLoad({ rows, events: stored, queue }: WorkerLoadResult) {
  console.log(`\nWorker under load (wrangler dev + local D1, loopback, ${CONNECTIONS} connections, ${DURATION_S} s each)`);
  console.log(
    `${"endpoint".padEnd(32)}${"req/s".padStart(9)}${"events/s".padStart(10)}${"p50 ms".padStart(8)}${"p99 ms".padStart(8)}${"non-2xx".padStart(9)}`,
  );
  for (const r of rows) {
    console.log(
      `${r.label.padEnd(32)}${r.requestsPerSecond.toFixed(0).padStart(9)}${(r.eventsPerSecond?.toFixed(0) ?? "–").padStart(10)}` +
        `${String(r.p50).padStart(8)}${String(r.p99).padStart(8)}${String(r.non2xx + r.errors).padStart(9)}`,
    );
  }
  const [ceiling, events] = rows;
  if (ceiling && events) {
    console.log(
      `events endpoint / trivial endpoint: ${(events.requestsPerSecond / ceiling.requestsPerSecond).toFixed(2)} of the request rate`,
    );
  }
  if (queue) {
    console.log(
      `events queue: ${queue.events.toLocaleString("en")} of ${queue.expected.toLocaleString("en")} accepted events written ` +
        `${(queue.waitedMs / 1000).toFixed(1)} s after the load ended${queue.complete ? "" : " (NOT all, at the limit)"}; dead letters: ${queue.deadLetters}`,
    );
  }
  if (stored?.rows)
    console.log(`stored: ${stored.rows.toLocaleString("en")} events, ${(stored.bytes / stored.rows).toFixed(0)} bytes each with indexes`);
}

/**
 * GET /v1/o/{token}/offers on a large generated store (offers-data.ts), one request at a time so the
 * figure is the endpoint's own latency, not a queue in front of one `wrangler dev` process; and, on the
 * same store and tokens, GET /v1/o/{token} (one D1 batch, no ranking) as the floor the local runtime
 * sets under any order-token read, and GET /v1/o/{token}?offers=tracking (the tracking page view).
 */
export interface OffersResult {
  rows: LoadFigures[];
  size: typeof FULL_SIZE;
  generateSeconds: number;
  seconds: number;
  /** The generated store's database: file bytes, and every table with its indexes. */
  storage?: { fileBytes: number; tables: TableSize[] };
}

export async function measureOffers(config?: string): Promise<OffersResult> {
  const scale = Number(process.env.BENCH_OFFERS_SCALE ?? 1);
  const size = {
    products: Math.round(FULL_SIZE.products * scale),
    customers: Math.round(FULL_SIZE.customers * scale),
    orders: Math.round(FULL_SIZE.orders * scale),
  };
  const persistTo = join(ROOT, "tests/.tmp", `bench-offers-${process.pid}`);
  rmSync(persistTo, { recursive: true, force: true });
  mkdirSync(persistTo, { recursive: true });
  const origin = "http://127.0.0.1:9";
  await applyMigrations({ persistTo });
  await createStore("bench-offers", parseSettings({ name: "Bench offers", origins: [origin] }), ensureLocalSecretKey(), { persistTo });
  const { tokens, seconds } = generateOffersData(persistTo, "bench-offers", size);
  const worker = await startWorker({ port: await freePort(), persistTo, config });
  const run = async (label: string, path: (token: string, n: number) => string) => {
    let n = 0;
    const result = await autocannon({
      url: worker.origin,
      connections: 1,
      duration: DURATION_S,
      requests: [
        {
          method: "GET",
          setupRequest: (request) => {
            n++;
            return {
              ...request,
              path: path(tokens[n % tokens.length]!, n),
              headers: { origin, "cf-connecting-ip": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
            };
          },
        },
      ],
    });
    return figures(label, result);
  };
  try {
    // A short warm-up, so the first figures are not the runtime compiling the worker.
    await autocannon({ url: `${worker.origin}/v1/health`, connections: 1, duration: 2 });
    const floor = await run("GET order (same store)", (token) => `/v1/o/${token}`);
    const offers = await run(
      "GET offers (large store)",
      (token, n) => `/v1/o/${token}/offers?placement=${n % 2 ? "confirmation" : "tracking"}`,
    );
    // The tracking page view: the order with its offers, the view and the offers' facts in one statement.
    const view = await run("GET order with its offers (tracking page view)", (token) => `/v1/o/${token}?offers=tracking&view=tracking`);
    await worker.stop();
    return { rows: [floor, offers, view], size, generateSeconds: seconds, seconds: DURATION_S, storage: tableSizes(persistTo) };
  } finally {
    await worker.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
}

export function printOffers({ rows, size, generateSeconds, storage }: OffersResult) {
  console.log(
    `\nOffers on a generated store: ${size.products.toLocaleString("en")} products, ${size.customers.toLocaleString("en")} customers, ` +
      `${size.orders.toLocaleString("en")} orders (generated in ${generateSeconds.toFixed(0)} s); 1 connection, ${DURATION_S} s each`,
  );
  for (const row of rows) {
    console.log(
      `${row.label.padEnd(28)} ${row.requestsPerSecond.toFixed(0).padStart(5)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, non-2xx ${row.non2xx + row.errors}`,
    );
  }
  console.log("Goal: offers p99 ≤ 25 ms.");
  if (storage)
    console.log(
      `database: ${(storage.fileBytes / 1024 ** 2).toFixed(0)} MiB, ${(storage.fileBytes / size.orders).toFixed(0)} bytes per order with everything kept for it`,
    );
}
