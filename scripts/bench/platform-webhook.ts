/**
 * Shopify's webhooks under `wrangler dev` with local D1 (issue 19's goal: answered in ≤ 50 ms p99;
 * Shopify gives up after 5 s). Each request is a signed orders/create with its own order and webhook
 * id, the body a real order resource (three lines, a discount, shipping, tax); the worker verifies,
 * enqueues and answers 202 (issue 23), and the webhooks queue's consumer stores the delivery and writes
 * the order (one local workerd runs both, so the consumer's work shows in the answers' times too). "5 per second" is autocannon's
 * overallRate on one connection: each second's five requests go back to back (each as soon as the
 * previous one is answered), then the connection waits for the next second, so the processing of a
 * second's deliveries falls between its bursts unless it overlaps the next; unpaced on eight
 * connections, earlier deliveries' processing runs beside the answers. Afterwards every delivery must
 * have been stored and processed (none pending, none failed), which waits for the queue to drain.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import autocannon from "autocannon";
import { toSqlScript, sql } from "../../worker/storage/statement.ts";
import { ensureLocalSecretKey } from "../lib/dev-vars.ts";
import { freePort } from "../lib/free-port.ts";
import { shopifyHeaders, shopifyOrderFor } from "../lib/shopify-sender.ts";
import { createStore, parseSettings } from "../lib/store-admin.ts";
import { applyMigrations, d1Execute, ROOT, startWorker } from "../lib/wrangler.ts";
import type { LoadFigures } from "./worker-load.ts";

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 8);
const SHOP = "bench-shop.myshopify.com";
/** Issue 19: a Shopify webhook answered in ≤ 50 ms p99 (the paced row). */
export const GOAL_P99_MS = 50;

export interface PlatformWebhookResult {
  rows: LoadFigures[];
  seconds: number;
  deliveries: { done: number; pending: number; failed: number };
  /** Deliveries answered 2xx: each must end up stored and processed (absent in reports from before issue 23). */
  answered?: number;
}

function orderBody(n: number): string {
  return JSON.stringify(
    shopifyOrderFor({
      id: `B-${process.pid}-${n}`,
      placedAt: new Date().toISOString(),
      currency: "USD",
      locale: "en-US",
      customer: { id: `bench-${n % 200}`, email: `bench${n % 200}@example.com` },
      lines: [
        { sku: "TRAIL-42", name: "Trail Runner - 42", quantity: 1, unitPrice: 12900 },
        { sku: "SOCK-3", name: "Merino Socks (3 pack)", quantity: 2, unitPrice: 1800 },
        { sku: "LACE", name: "Laces", quantity: 1, unitPrice: 400 },
      ],
      fees: [
        { label: "Shipping", amount: 495 },
        { label: "Tax", amount: 1284 },
      ],
      discounts: [{ label: "WELCOME10 (10% off)", amount: 1690 }],
      total: 12900 + 3600 + 400 + 495 + 1284 - 1690,
    }),
  );
}

export async function measureShopifyWebhook(config?: string): Promise<PlatformWebhookResult> {
  const persistTo = join(ROOT, "tests/.tmp", `bench-platform-${process.pid}`);
  rmSync(persistTo, { recursive: true, force: true });
  mkdirSync(persistTo, { recursive: true });
  await applyMigrations({ persistTo });
  const { apiKey } = await createStore(
    "bench",
    parseSettings({ name: "Bench", origins: ["https://bench.example"] }),
    ensureLocalSecretKey(),
    { persistTo },
  );
  const worker = await startWorker({ port: await freePort(), persistTo, config });
  const secret = `shpss_${randomUUID().replace(/-/g, "")}`;
  try {
    const connected = await fetch(`${worker.origin}/v1/admin/connections/shopify`, {
      method: "PUT",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ shop: SHOP, secret }),
    });
    if (!connected.ok) throw new Error(`connecting the bench store failed: ${connected.status}`);
    let n = 0;
    let answered = 0;
    const run = async (label: string, connections: number, overallRate?: number, floor = false) => {
      const result = await autocannon({
        url: floor ? `${worker.origin}/v1/health` : worker.origin,
        connections,
        duration: DURATION_S,
        ...(overallRate ? { overallRate } : {}),
        ...(floor
          ? {}
          : {
              requests: [
                {
                  method: "POST",
                  setupRequest: (request) => {
                    const body = orderBody(n++);
                    return {
                      ...request,
                      path: "/v1/platforms/shopify/bench",
                      headers: shopifyHeaders(secret, SHOP, "orders/create", body),
                      body,
                    };
                  },
                },
              ],
            }),
      });
      const ok = Object.entries(result.statusCodeStats)
        .filter(([code]) => code.startsWith("2"))
        .reduce((sum, [, s]) => sum + Number((s as { count: number }).count), 0);
      if (!floor) answered += ok;
      return {
        label,
        requestsPerSecond: ok / result.duration,
        p50: result.latency.p50,
        p99: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors,
      } satisfies LoadFigures;
    };
    // A short warm-up, so the first figures are not the runtime compiling the worker.
    await autocannon({ url: `${worker.origin}/v1/health`, connections: 1, duration: 2 });
    // Paced as a busy shop's deliveries arrive (each processed before the next), then a burst in which
    // the processing of earlier deliveries runs beside the answers (one local workerd runs the worker,
    // its waitUntil work and local D1's SQLite, so their work shows in the answers' times; in
    // production D1 is elsewhere).
    const rows = [
      await run("GET /v1/health, 5 per second (the floor)", 1, 5, true),
      await run("orders/create, 5 per second", 1, 5),
      await run("orders/create, 8 connections, unpaced", 8),
    ];
    // What was answered must also have been stored and processed (by the queue's consumer, or the
    // cron's retry): wait while the queue drains (it lives in wrangler dev's memory).
    let deliveries = { done: 0, pending: 0, failed: 0 };
    for (let wait = 0; wait < 60; wait++) {
      const [row] = await d1Execute(toSqlScript([sql(`SELECT status, count(*) AS n FROM platform_deliveries GROUP BY status`)]), {
        persistTo,
      });
      deliveries = { done: 0, pending: 0, failed: 0 };
      for (const r of row ?? []) deliveries[String(r.status) as keyof typeof deliveries] = Number(r.n);
      if (!deliveries.pending && deliveries.done + deliveries.failed >= answered) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    return { rows, seconds: DURATION_S, deliveries, answered };
  } finally {
    await worker.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
}

/**
 * The goal read off the run, plainly: met or not by the paced row's p99, beside the floor measured in
 * the same run (the health endpoint: what wrangler dev, loopback and this machine cost any request).
 * With one connection at 5 a second for a few seconds there are few answers, so p99 is the slowest.
 */
export function goalReading({ rows, seconds }: Pick<PlatformWebhookResult, "rows" | "seconds">): string {
  const [floor, paced] = rows;
  if (!floor || !paced) return "not measured";
  const answers = Math.round(paced.requestsPerSecond * seconds);
  const few = answers < 100 ? `${answers} answers, so p99 is the slowest one` : `${answers} answers`;
  const figures = `orders/create at 5 per second answered with p99 ${paced.p99} ms, p50 ${paced.p50} ms (${few})`;
  const floorText = `the floor, GET /v1/health in the same run: p99 ${floor.p99} ms, p50 ${floor.p50} ms`;
  if (paced.p99 <= GOAL_P99_MS) return `met: ${figures}; ${floorText}`;
  if (floor.p99 > GOAL_P99_MS)
    return `not met, and not measurable on this machine during this run: ${floorText}, itself above ${GOAL_P99_MS} ms; ${figures}`;
  return `not met: ${figures}; ${floorText}`;
}

export function printPlatformWebhook({ rows, seconds, deliveries, answered }: PlatformWebhookResult) {
  console.log(`\nShopify webhooks (wrangler dev + local D1, loopback, ${DURATION_S} s each)`);
  for (const r of rows)
    console.log(
      `${r.label.padEnd(40)} ${r.requestsPerSecond.toFixed(0).padStart(5)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, non-2xx ${r.non2xx + r.errors}`,
    );
  console.log(
    `deliveries afterwards: ${deliveries.done} processed, ${deliveries.pending} pending, ${deliveries.failed} failed (of ${answered} answered).`,
  );
  console.log(`Goal (p99 ≤ ${GOAL_P99_MS} ms): ${goalReading({ rows, seconds })}.`);
}

/** BENCHMARKS.md's section for it. */
export function renderPlatformWebhook(result: PlatformWebhookResult, fmt: (n: number | undefined) => string): string[] {
  return [
    "### Shopify webhooks",
    "",
    `Signed \`orders/create\` deliveries (a three-line order, each with its own order and webhook id) to \`POST /v1/platforms/shopify/{store}\`, ${result.seconds} s each. ` +
      "The worker verifies the signature and the shop, enqueues the delivery and answers 202 (since issue 23: no D1 round trip once the connection is in the isolate's memory); the webhooks queue's consumer stores the delivery and writes the order, up to 10 a batch (D1's 1,000 queries per invocation). " +
      "At 5 per second autocannon sends each second's five requests back to back, then waits for the next second. " +
      "Under `wrangler dev` one workerd process runs the worker, the queue's consumer and local D1's SQLite on one thread (its only other thread is V8's), so an answer due while the consumer applies the previous second's deliveries takes its turns between the consumer's D1 calls (a Shopify order is 11 D1 calls in 9 steps: claim, connection, the order's state and catalogue, the write, its schedule and parcels, the schedule's write, the delay sweep, its write, the settlement), and when deliveries come faster than they are processed (the unpaced row) the processing shows in every answer's time. In production the consumer is another invocation and D1 another machine.",
    "",
    "| Endpoint | req/s | p50 ms | p99 ms | non-2xx |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...result.rows.map((x) => `| ${x.label} | ${fmt(x.requestsPerSecond)} | ${x.p50} | ${x.p99} | ${x.non2xx + x.errors} |`),
    "",
    `Goal: p99 ≤ ${GOAL_P99_MS} ms at 5 per second (Shopify waits 5 s): ${goalReading(result)}. Afterwards ${fmt(result.deliveries.done)} deliveries were processed, ${fmt(result.deliveries.pending)} pending, ${fmt(result.deliveries.failed)} failed${result.answered === undefined ? "" : ` (of ${fmt(result.answered)} answered)`}.`,
    "",
  ];
}
