/**
 * What an outsider can learn from the timing of POST /v1/lookup: (a) the right order number with the
 * right email, (b) the right order number with a wrong email, (c) an order number that does not exist.
 * Samples of the three are interleaved (each round sends one of each, in a shuffled order) against a
 * real `wrangler dev` with local D1, so drift in the machine's load falls on all three alike.
 *
 * The lookup limiter (10 a minute per address and per order number) would stop the sampling after ten
 * tries of one order number whatever the address, so this runs a frozen copy of the worker whose
 * lookup limit is raised; nothing else in the copy differs. Whether wrangler dev keys its limiters by
 * the client-sent CF-Connecting-IP is probed first and reported (it only matters for the per-address
 * limit: the per-order-number one is what forces the copy).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureLocalSecretKey } from "../lib/dev-vars.ts";
import { freePort } from "../lib/free-port.ts";
import { createStore, parseSettings } from "../lib/store-admin.ts";
import { applyMigrations, ROOT, startWorker, type RunningWorker } from "../lib/wrangler.ts";
import { snapshotWorker } from "./snapshot.ts";

const ORIGIN = "http://127.0.0.1:9";
type Case = "a_right_email" | "b_wrong_email" | "c_unknown_order";
const CASES: Case[] = ["a_right_email", "b_wrong_email", "c_unknown_order"];

export interface Stats {
  n: number;
  min: number;
  median: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface LookupTimingResult {
  samplesPerCase: number;
  concurrency: number;
  seconds: number;
  /** Whether wrangler dev limited by the client-sent CF-Connecting-IP (see probeClientIp). */
  honoursClientIp: boolean;
  cases: Record<Case, Stats>;
  /** Differences of medians and p90s, ms, with a bootstrap 95% interval for the median difference. */
  differences: { pair: string; median: number; medianCi95: [number, number]; p90: number }[];
  /** (b) against (c): everything a response shows apart from its timing. */
  shape: {
    identicalBodies: boolean;
    bodyBytes: { b: number[]; c: number[] };
    headersDiffer: string[];
    statuses: { b: number[]; c: number[] };
  };
  otherStatuses: number;
}

const sortNumbers = (values: number[]) => [...values].sort((x, y) => x - y);
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;

function stats(values: number[]): Stats {
  const s = sortNumbers(values);
  return {
    n: s.length,
    min: s[0] ?? 0,
    median: quantile(s, 0.5),
    p90: quantile(s, 0.9),
    p99: quantile(s, 0.99),
    max: s.at(-1) ?? 0,
    mean: s.reduce((a, b) => a + b, 0) / (s.length || 1),
  };
}

/** Resamples both sides to see how far the difference of medians moves by chance alone. */
function bootstrapMedianDifference(x: number[], y: number[], rounds = 2000): [number, number] {
  const draw = (values: number[]) => quantile(sortNumbers(values.map(() => values[Math.floor(Math.random() * values.length)]!)), 0.5);
  const diffs = sortNumbers(Array.from({ length: rounds }, () => draw(x) - draw(y)));
  return [quantile(diffs, 0.025), quantile(diffs, 0.975)];
}

/**
 * Limits keyed by address: 301 requests to a per-address-limited endpoint from one claimed address,
 * then one from another. A 429 for the first and a 200 for the second means the claimed header is the key.
 */
async function probeClientIp(worker: RunningWorker, storeId: string): Promise<boolean> {
  const get = (ip: string) => fetch(`${worker.origin}/v1/stores/${storeId}/config`, { headers: { "CF-Connecting-IP": ip } });
  let last = 0;
  for (let sent = 0; sent < 301; sent += 50) {
    const wave = await Promise.all(Array.from({ length: Math.min(50, 301 - sent) }, () => get("192.0.2.250")));
    for (const res of wave) {
      last = res.status;
      await res.arrayBuffer();
    }
  }
  const other = await get("192.0.2.251");
  await other.arrayBuffer();
  return last === 429 && other.status === 200;
}

export async function measureLookupTiming(
  options: { samples?: number; concurrency?: number; log?: (line: string) => void } = {},
): Promise<LookupTimingResult> {
  const samples = options.samples ?? Number(process.env.LOOKUP_SAMPLES ?? 300);
  const concurrency = options.concurrency ?? Number(process.env.LOOKUP_CONCURRENCY ?? 6);
  const log = options.log ?? (() => {});
  const snapshot = snapshotWorker();
  const toml = readFileSync(snapshot.config, "utf8");
  const raised = toml.replace(/(name = "RATE_LIMIT_LOOKUP"[\s\S]*?simple = \{ limit = )\d+/, "$11000000");
  if (raised === toml) throw new Error("lookup-timing: could not find RATE_LIMIT_LOOKUP in the copied wrangler.toml");
  writeFileSync(snapshot.config, raised);
  const persistTo = join(ROOT, "tests/.tmp", `bench-lookup-${process.pid}`);
  rmSync(persistTo, { recursive: true, force: true });
  mkdirSync(persistTo, { recursive: true });
  let worker: RunningWorker | undefined;
  try {
    await applyMigrations({ persistTo });
    const { storeId, apiKey } = await createStore("lookup", parseSettings({ name: "Lookup", origins: [ORIGIN] }), ensureLocalSecretKey(), {
      persistTo,
    });
    worker = await startWorker({ port: await freePort(), persistTo, config: snapshot.config });
    const orders: { id: string; email: string }[] = [];
    for (let i = 0; i < 20; i++) {
      const order = { id: `LK-${1000 + i}`, email: `shopper${i}@example.com` };
      const res = await fetch(`${worker.origin}/v1/orders`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({
          id: order.id,
          placedAt: new Date().toISOString(),
          currency: "USD",
          customer: { id: `lk-customer-${i}`, email: order.email },
          lines: [{ sku: "SKU-1", name: "Item", quantity: 1, unitPrice: 1000 }],
          fees: [],
          discounts: [],
          total: 1000,
        }),
      });
      if (res.status !== 201) throw new Error(`lookup-timing: order setup failed (${res.status}): ${await res.text()}`);
      orders.push(order);
    }
    log("probing whether wrangler dev keys limits by the client-sent CF-Connecting-IP");
    const honoursClientIp = await probeClientIp(worker, storeId);

    let ipCounter = 0;
    const nextIp = () => {
      ipCounter++;
      return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
    };
    const bodyFor = (kind: Case, n: number) => {
      const order = orders[n % orders.length]!;
      if (kind === "a_right_email") return { storeId, orderNumber: order.id, email: order.email };
      if (kind === "b_wrong_email") return { storeId, orderNumber: order.id, email: `guess${n}@example.com` };
      return { storeId, orderNumber: `LK-${900_000 + n}`, email: order.email };
    };
    const times: Record<Case, number[]> = { a_right_email: [], b_wrong_email: [], c_unknown_order: [] };
    const shape = {
      b: [] as { status: number; body: Buffer; headers: [string, string][] }[],
      c: [] as { status: number; body: Buffer; headers: [string, string][] }[],
    };
    let otherStatuses = 0;

    const plan: { kind: Case; n: number }[] = [];
    for (let n = 0; n < samples; n++) {
      const round = [...CASES].sort(() => Math.random() - 0.5);
      for (const kind of round) plan.push({ kind, n });
    }
    // A short warm-up, so the first samples are not the runtime compiling the worker.
    for (let i = 0; i < 6; i++) {
      await fetch(`${worker.origin}/v1/lookup`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: ORIGIN, "CF-Connecting-IP": nextIp() },
        body: JSON.stringify(bodyFor(CASES[i % 3]!, 10_000 + i)),
      }).then((r) => r.arrayBuffer());
    }
    log(`sampling ${samples} per case, interleaved, ${concurrency} at a time`);
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < plan.length) {
          const { kind, n } = plan[next++]!;
          const body = JSON.stringify(bodyFor(kind, n));
          const t0 = performance.now();
          const res = await fetch(`${worker!.origin}/v1/lookup`, {
            method: "POST",
            headers: { "Content-Type": "application/json", Origin: ORIGIN, "CF-Connecting-IP": nextIp() },
            body,
          });
          const bytes = Buffer.from(await res.arrayBuffer());
          const elapsed = performance.now() - t0;
          if (res.status !== 200) otherStatuses++;
          times[kind].push(elapsed);
          if (kind !== "a_right_email") {
            // Date changes by the second on its own; everything else must be the same.
            const headers = [...res.headers].filter(([name]) => name !== "date").sort(([x], [y]) => x.localeCompare(y));
            shape[kind === "b_wrong_email" ? "b" : "c"].push({ status: res.status, body: bytes, headers });
          }
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;

    const cases = Object.fromEntries(CASES.map((k) => [k, stats(times[k])])) as Record<Case, Stats>;
    const pairs: [string, Case, Case][] = [
      ["b − a (wrong email vs right)", "b_wrong_email", "a_right_email"],
      ["c − b (unknown order vs wrong email)", "c_unknown_order", "b_wrong_email"],
      ["c − a (unknown order vs right)", "c_unknown_order", "a_right_email"],
    ];
    const differences = pairs.map(([pair, x, y]) => ({
      pair,
      median: cases[x].median - cases[y].median,
      medianCi95: bootstrapMedianDifference(times[x], times[y]),
      p90: cases[x].p90 - cases[y].p90,
    }));
    const first = shape.b[0]!;
    // Header lines (name: value) that some (b) or (c) answer lacks: empty when all answers agree.
    const answers = [...shape.b, ...shape.c];
    const lines = (r: (typeof answers)[number]) => new Set(r.headers.map(([k, v]) => `${k}: ${v}`));
    const everyLine = new Set(answers.flatMap((r) => [...lines(r)]));
    const headersDiffer = [...everyLine].filter((line) => !answers.every((r) => lines(r).has(line)));
    return {
      samplesPerCase: samples,
      concurrency,
      seconds,
      honoursClientIp,
      cases,
      differences,
      shape: {
        identicalBodies: answers.every((r) => r.body.equals(first.body)),
        bodyBytes: {
          b: [...new Set(shape.b.map((r) => r.body.length))],
          c: [...new Set(shape.c.map((r) => r.body.length))],
        },
        headersDiffer,
        statuses: { b: [...new Set(shape.b.map((r) => r.status))], c: [...new Set(shape.c.map((r) => r.status))] },
      },
      otherStatuses,
    };
  } finally {
    await worker?.stop();
    rmSync(persistTo, { recursive: true, force: true });
    snapshot.remove();
  }
}

export function formatLookupTiming(r: LookupTimingResult): string {
  const ms = (x: number) => x.toFixed(1).padStart(9);
  return [
    `POST /v1/lookup timing: ${r.samplesPerCase} samples per case, interleaved, ${r.concurrency} at a time, ${r.seconds.toFixed(1)} s (wrangler dev + local D1, loopback)`,
    `wrangler dev keys limits by the client-sent CF-Connecting-IP: ${r.honoursClientIp ? "yes" : "no"} (the per-order-number limit still needs the raised copy)`,
    `${"case".padEnd(18)}${"median".padStart(9)}${"p90".padStart(9)}${"p99".padStart(9)}${"min".padStart(9)}${"max".padStart(9)}${"mean".padStart(9)}`,
    ...CASES.map((k) => {
      const s = r.cases[k];
      return `${k.padEnd(18)}${ms(s.median)}${ms(s.p90)}${ms(s.p99)}${ms(s.min)}${ms(s.max)}${ms(s.mean)}`;
    }),
    ...r.differences.map(
      (d) =>
        `${d.pair}: median ${d.median.toFixed(2)} ms (95% CI ${d.medianCi95[0].toFixed(2)} … ${d.medianCi95[1].toFixed(2)}), p90 ${d.p90.toFixed(2)} ms`,
    ),
    `(b) vs (c): bodies ${r.shape.identicalBodies ? "byte-identical" : "DIFFER"} (${r.shape.bodyBytes.b.join("/")} vs ${r.shape.bodyBytes.c.join("/")} bytes), ` +
      `statuses ${r.shape.statuses.b.join("/")} vs ${r.shape.statuses.c.join("/")}, headers other than Date ${r.shape.headersDiffer.length ? `DIFFER: ${r.shape.headersDiffer.join("; ")}` : "identical"}` +
      (r.otherStatuses ? `; ${r.otherStatuses} answers were not 200` : ""),
  ].join("\n");
}
