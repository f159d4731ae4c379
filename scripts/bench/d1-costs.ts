/**
 * What each request costs the database: the worker's own Hono app run in Node against the local D1 of a
 * finished demo (wrangler's getPlatformProxy), with a D1 binding that counts what passes through it:
 * calls (round trips), statements, rows read and written, and the SQL time D1 reports (`meta.duration`).
 * Rate limiters answer "allowed"; outbound webhook delivery is left to the cron. Each request is made
 * several times and the median SQL time kept; counts are the same every time.
 *
 * The worker's code uses TypeScript that Node's type stripping refuses (parameter properties), so the
 * measuring runs in a child Node with `--experimental-transform-types`: this same file, run directly.
 */
import { getPlatformProxy } from "wrangler";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { demoOrders } from "../../demo-store/seed-orders.ts";
import { signedHeaders } from "../lib/carrier-payloads.ts";
import { liveTrackerEvent, type DemoPlan } from "../lib/demo-shipments.ts";
import { ROOT, wranglerEnv } from "../lib/wrangler.ts";
import { DatabaseSync } from "node:sqlite";
import { d1File } from "../lib/local-d1.ts";

export interface D1Cost {
  label: string;
  method: string;
  path: string;
  status: number;
  /** D1 round trips (a batch is one). */
  calls: number;
  statements: number;
  /** Of those, the ones that write (INSERT, UPDATE, DELETE): these go to the primary, never a replica. */
  writeStatements?: number;
  rowsRead: number;
  rowsWritten: number;
  /**
   * SQLite time of the request's statements (ms): each replayed on the same database file with
   * node:sqlite, inside a transaction rolled back after it, median of several runs, summed. (Inside
   * workerd the clock stands still while code runs, so D1's local `meta.duration` says nothing.)
   */
  sqlMs: number;
  /** The statements that read the most rows, with what they read. */
  heaviest: { sql: string; rowsRead: number; ms: number }[];
  /** Response body bytes (uncompressed). */
  bodyBytes: number;
}

export interface D1Request {
  label: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** A fresh body each time (event ids, webhook ids must be new to be written). */
  body?: () => string;
  /** Headers computed from the body (webhook signatures). */
  sign?: (body: string) => Promise<Record<string, string>>;
  /**
   * Sent as If-None-Match: the ETag of an answer to this path fetched just before (not counted), as a
   * browser revalidates the copy it holds.
   */
  revalidates?: string;
}

interface Executed {
  sql: string;
  params: unknown[];
  rowsRead: number;
  rowsWritten: number;
}

interface Tally {
  calls: number;
  statements: Executed[];
}

type Meta = { rows_read?: number; rows_written?: number } | undefined;

/* The binding is typed loosely on purpose: it forwards to the platform proxy's objects. */
/* eslint-disable @typescript-eslint/no-explicit-any */
function countingD1(db: any, tally: () => Tally): any {
  const inner = new WeakMap<object, { stmt: any; sql: string; params: unknown[] }>();
  const add = (executed: { sql: string; params: unknown[] }[], metas: Meta[]) => {
    const t = tally();
    t.calls++;
    for (const [i, e] of executed.entries())
      t.statements.push({ ...e, rowsRead: metas[i]?.rows_read ?? 0, rowsWritten: metas[i]?.rows_written ?? 0 });
  };
  const statement = (stmt: any, sql: string, params: unknown[]): any => {
    const me = { sql, params };
    const wrapper = {
      bind: (...args: unknown[]) => statement(stmt.bind(...args), sql, args),
      // first() carries no meta: run it as all() and pick the first row, as first() would.
      async first(column?: string) {
        const r = await stmt.all();
        add([me], [r.meta]);
        const row = r.results[0] ?? null;
        return column === undefined ? row : row === null ? null : row[column];
      },
      async all() {
        const r = await stmt.all();
        add([me], [r.meta]);
        return r;
      },
      async run() {
        const r = await stmt.run();
        add([me], [r.meta]);
        return r;
      },
      async raw(options?: unknown) {
        const r = await stmt.raw(options);
        add([me], []);
        return r;
      },
    };
    inner.set(wrapper, { stmt, sql, params });
    return wrapper;
  };
  return {
    prepare: (sql: string) => statement(db.prepare(sql), sql, []),
    async batch(statements: object[]) {
      const unwrapped = statements.map((s) => inner.get(s)!);
      const r = await db.batch(unwrapped.map((u) => u.stmt));
      add(
        unwrapped.map(({ sql, params }) => ({ sql, params })),
        r.map((x: { meta: Meta }) => x.meta),
      );
      return r;
    },
    async exec(sql: string) {
      const r = await db.exec(sql);
      add([{ sql, params: [] }], []);
      return r;
    },
    // Shoppers' and the dashboard's requests run in a session (worker/http/d1-session.ts): counted the same.
    withSession(start?: string) {
      const session = db.withSession(start);
      return { ...countingD1(session, tally), getBookmark: () => session.getBookmark() };
    },
  };
}

/** SQLite's own time for each statement, on the database file, each run rolled back. */
function timeStatements(persistTo: string, statements: Executed[], runs = 9): number[] {
  const db = new DatabaseSync(d1File(persistTo));
  try {
    return statements.map(({ sql, params }) => {
      const times: number[] = [];
      let prepared: ReturnType<typeof db.prepare> | undefined;
      try {
        prepared = db.prepare(sql);
      } catch {
        return NaN;
      }
      for (let i = 0; i < runs; i++) {
        db.exec("BEGIN");
        try {
          const started = performance.now();
          prepared.all(...(params as (string | number | null)[]));
          times.push(performance.now() - started);
        } catch {
          /* a statement SQLite alone cannot run (none today): left out */
        } finally {
          db.exec("ROLLBACK");
        }
      }
      times.sort((x, y) => x - y);
      return times.length ? times[Math.floor(times.length / 2)]! : NaN;
    });
  } finally {
    db.close();
  }
}

/** What the child needs to make one request of each kind against the demo's database. */
export interface D1Input {
  persistTo: string;
  secretKey: string;
  storeId: string;
  storeUrl: string;
  /** A site of the store (the Origin a shopper's browser sends). */
  origin: string;
  apiKey: string;
  easypostSecret: string;
  plan: DemoPlan;
  orders: { confirmation: string; tracking: string; survey: string };
  repeat?: number;
  /** The worker to run (a frozen copy, snapshot.ts); the checkout's by default. */
  worker?: { config: string; workerDir: string };
}

/** Measures in a child Node (see above); answers the costs of `d1Requests(input)`. */
export async function measureD1Costs(input: D1Input): Promise<D1Cost[]> {
  const dir = mkdtempSync(join(tmpdir(), "doorstep-d1-"));
  const file = join(dir, "input.json");
  writeFileSync(file, JSON.stringify(input));
  try {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ["--experimental-transform-types", "--no-warnings", fileURLToPath(import.meta.url), file], {
        cwd: ROOT,
        env: wranglerEnv(),
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("error", reject);
      child.on("close", (code) =>
        code === 0 ? resolve(stdout) : reject(new Error(`D1 cost run failed (${code}): ${stderr.slice(-2000)}`)),
      );
    });
    const marker = out.lastIndexOf("\n@@D1COSTS@@");
    return JSON.parse(out.slice(marker + "\n@@D1COSTS@@".length)) as D1Cost[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The requests a shopper's browser, a merchant's server and an aggregator make, one of each kind. */
export function d1Requests(input: D1Input): D1Request[] {
  const { orders, origin } = input;
  let n = 0;
  const events = (count: number) => () => {
    n++;
    return JSON.stringify(
      Array.from({ length: count }, (_, i) => ({
        id: `d1bench_${process.pid}_${n}_${i}`,
        type: i % 4 ? "view" : "click",
        target: "tracking",
        at: new Date().toISOString(),
      })),
    );
  };
  // As the widget posts events: text/plain, a CORS simple request (no preflight).
  const json = { "content-type": "text/plain", origin };
  const order = demoOrders(new Date(), input.storeUrl)[0]!;
  let step = 1;
  return [
    { label: "order read (page view)", method: "GET", path: `/v1/o/${orders.tracking}`, headers: { origin } },
    {
      label: "order read with its offers (tracking page view)",
      method: "GET",
      path: `/v1/o/${orders.tracking}?offers=tracking&view=tracking`,
      headers: { origin },
    },
    {
      label: "order poll answered 304",
      method: "GET",
      path: `/v1/o/${orders.tracking}?view=tracking`,
      headers: { origin },
      revalidates: `/v1/o/${orders.tracking}?view=tracking`,
    },
    { label: "store config", method: "GET", path: `/v1/stores/${input.storeId}/config`, headers: { origin } },
    {
      label: "offers (confirmation)",
      method: "GET",
      path: `/v1/o/${orders.confirmation}/offers?placement=confirmation`,
      headers: { origin },
    },
    {
      label: "CORS preflight (events)",
      method: "OPTIONS",
      path: `/v1/o/${orders.tracking}/events`,
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    },
    { label: "events, batch of 1", method: "POST", path: `/v1/o/${orders.tracking}/events`, headers: json, body: events(1) },
    { label: "events, batch of 20", method: "POST", path: `/v1/o/${orders.tracking}/events`, headers: json, body: events(20) },
    {
      label: "carrier webhook (EasyPost)",
      method: "POST",
      path: `/v1/webhooks/easypost/${input.storeId}`,
      headers: { "content-type": "application/json" },
      body: () => JSON.stringify(liveTrackerEvent(input.plan, step++ % input.plan.live.steps.length, new Date())),
      sign: (body: string) => signedHeaders("easypost", input.easypostSecret, body),
    },
    {
      label: "order upsert (merchant)",
      method: "POST",
      path: "/v1/orders",
      headers: { "content-type": "application/json", authorization: `Bearer ${input.apiKey}` },
      body: () => JSON.stringify(order),
    },
  ];
}

/** Runs each request `repeat` times through the worker app on `persistTo`'s D1 (in this process). */
async function measureHere(
  persistTo: string,
  secretKey: string,
  requests: D1Request[],
  repeat = 3,
  worker = { config: join(ROOT, "wrangler.toml"), workerDir: join(ROOT, "worker") },
): Promise<D1Cost[]> {
  Object.assign(process.env, wranglerEnv());
  const proxy = await getPlatformProxy<Record<string, unknown>>({
    configPath: worker.config,
    persist: { path: join(persistTo, "v3") },
    remoteBindings: false,
    envFiles: [],
  });
  const measured: { request: D1Request; tally: Tally; status: number; bodyBytes: number }[] = [];
  try {
    const { app } = (await import(pathToFileURL(join(worker.workerDir, "index.ts")).href)) as typeof import("../../worker/index.ts");
    let current: Tally = { calls: 0, statements: [] };
    const allow = { limit: async () => ({ success: true }) };
    const env = {
      ...proxy.env,
      DB: countingD1(proxy.env.DB, () => current),
      RATE_LIMIT_IP: allow,
      RATE_LIMIT_TOKEN: allow,
      RATE_LIMIT_LOOKUP: allow,
      OUTBOUND_DELIVERY: "cron-only",
      DOORSTEP_SECRET_KEY: secretKey,
    };
    for (const request of requests) {
      // The last of a few runs counts (the first may find caches cold or rows not yet there).
      for (let i = 0; i < repeat; i++) {
        const pending: Promise<unknown>[] = [];
        const ctx = { waitUntil: (p: Promise<unknown>) => pending.push(p), passThroughOnException() {}, props: {} };
        // The copy the browser holds is fetched into a tally of its own (not counted).
        current = { calls: 0, statements: [] };
        const held = request.revalidates
          ? (
              await app.request(`http://doorstep.bench${request.revalidates}`, { headers: request.headers }, env as never, ctx as never)
            ).headers.get("etag")
          : null;
        await Promise.allSettled(pending.splice(0));
        current = { calls: 0, statements: [] };
        const body = request.body?.();
        const headers = {
          ...request.headers,
          ...(held ? { "if-none-match": held } : {}),
          ...(body && request.sign ? await request.sign(body) : {}),
        };
        const res = await app.request(
          `http://doorstep.bench${request.path}`,
          { method: request.method, headers, body },
          env as never,
          ctx as never,
        );
        const text = await res.arrayBuffer();
        // Work the request left running (recorded offer decisions) is part of its cost.
        await Promise.allSettled(pending);
        if (i === repeat - 1) measured.push({ request, tally: current, status: res.status, bodyBytes: text.byteLength });
      }
    }
  } finally {
    await proxy.dispose();
  }
  return measured.map(({ request, tally, status, bodyBytes }) => {
    const times = timeStatements(persistTo, tally.statements);
    const heaviest = tally.statements
      .map((s, i) => ({ sql: s.sql.replace(/\s+/g, " ").trim().slice(0, 160), rowsRead: s.rowsRead, ms: times[i]! }))
      .sort((x, y) => y.rowsRead - x.rowsRead)
      .slice(0, 2);
    return {
      label: request.label,
      method: request.method,
      path: request.path.replace(/\/o\/[\w-]{20,}/, "/o/{token}"),
      status,
      calls: tally.calls,
      statements: tally.statements.length,
      writeStatements: tally.statements.filter((s) => /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i.test(s.sql)).length,
      rowsRead: tally.statements.reduce((sum, s) => sum + s.rowsRead, 0),
      rowsWritten: tally.statements.reduce((sum, s) => sum + s.rowsWritten, 0),
      sqlMs: times.filter(Number.isFinite).reduce((sum, t) => sum + t, 0),
      heaviest,
      bodyBytes,
    };
  });
}

// Run directly (by measureD1Costs, in a child Node): measure and print the costs after a marker.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const input = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as D1Input;
  const costs = await measureHere(input.persistTo, input.secretKey, d1Requests(input), input.repeat ?? 3, input.worker);
  process.stdout.write(`\n@@D1COSTS@@${JSON.stringify(costs)}`);
  process.exit(0);
}
