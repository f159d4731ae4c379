/**
 * Runs wrangler the same way everywhere (demo, dev, operator CLI, end-to-end tests): on this Node,
 * offline-quiet, never prompting, and with D1 commands aimed at one persistence folder so that the
 * operator CLI and `wrangler dev` see the same local database.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.ts";
import { redactCredentials, redactingWriter } from "./redact.ts";
import { configuredShards } from "./shards.ts";

export const ROOT = new URL("../../", import.meta.url).pathname;
const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");

export interface D1Target {
  /** Production D1 (needs `wrangler login` or CLOUDFLARE_API_TOKEN) instead of the local SQLite copy. */
  remote?: boolean;
  /** Local persistence folder; wrangler's default (.wrangler/state) when absent. */
  persistTo?: string;
  /** The D1 binding (the shard, scripts/lib/shards.ts) to run on; `DB` (s0, and the store directory) when absent. */
  binding?: string;
}

export function wranglerEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    WRANGLER_SEND_METRICS: "false",
    WRANGLER_SEND_ERROR_REPORTS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    // wrangler otherwise keeps a debug log of every request line (order tokens in their paths) under
    // ~/.config/.wrangler/logs; what we print goes through redactCredentials instead.
    WRANGLER_WRITE_LOGS: "false",
    // Answers the migrations prompt and turns off interactive output.
    CI: "1",
  };
}

function d1Flags(target: D1Target): string[] {
  if (target.remote) return ["--remote"];
  return ["--local", ...(target.persistTo ? ["--persist-to", target.persistTo] : [])];
}

/** Runs wrangler to completion, returning stdout; rejects with stderr on failure. */
export function wrangler(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER, ...args], {
      cwd: ROOT,
      env: wranglerEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`wrangler ${args.slice(0, 3).join(" ")} failed (${code}):\n${err || out}`)),
    );
  });
}

/** Migrates every shard's database (each runs the same migrations), one after the other. */
export async function applyMigrations(target: D1Target = {}): Promise<string> {
  let out = "";
  for (const { binding } of configuredShards()) out += await wrangler(["d1", "migrations", "apply", binding, ...d1Flags(target)]);
  return out;
}

/** Executes SQL (several statements allowed) and returns the rows of each statement. */
export async function d1Execute(sqlText: string, target: D1Target = {}): Promise<Record<string, unknown>[][]> {
  const dir = mkdtempSync(join(tmpdir(), "doorstep-sql-"));
  const file = join(dir, "statements.sql");
  writeFileSync(file, sqlText);
  try {
    const out = await whileBusy(() =>
      wrangler(["d1", "execute", target.binding ?? "DB", ...d1Flags(target), "--file", file, "--json", "--yes"]),
    );
    const parsed = JSON.parse(out.slice(out.indexOf("["))) as { results?: Record<string, unknown>[] }[];
    return parsed.map((statement) => statement.results ?? []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Local D1 is one SQLite file, and a running `wrangler dev` writes to it while an operator command or a
 * test reads or writes it from another process: SQLite then answers SQLITE_BUSY instead of waiting
 * (seen about once in 25 commands under steady writes). wrangler runs a file as one batch, which is a
 * transaction, so a refused one left nothing behind and running it again is safe. Remote D1 queues.
 */
async function whileBusy<T>(run: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !/SQLITE_BUSY|database is locked/i.test((error as Error).message)) throw error;
      await new Promise((r) => setTimeout(r, 100 * attempt + Math.random() * 100));
    }
  }
}

export interface RunningWorker {
  origin: string;
  /** The wrangler process (its group holds workerd): a test can check it is the same one throughout. */
  pid: number;
  /** Settles when wrangler exits, for whatever reason; `stop()` sets `expected`. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; expected: boolean }>;
  /** The last lines wrangler printed (kept even when not echoed), for reports when it dies. */
  logTail(): string;
  stop(): Promise<void>;
}

const LOG_TAIL_CHARS = 16_000;

/**
 * Starts `wrangler dev` in its own process group (so stopping it also stops workerd) and resolves once
 * the API answers.
 */
export async function startWorker(options: {
  port: number;
  persistTo?: string;
  logLevel?: string;
  /** Pass wrangler's output through (for `npm run dev`) instead of keeping it for error reports. */
  echo?: boolean;
  /** Another wrangler configuration (the benchmarks run a frozen copy of the worker and widget). */
  config?: string;
  /** Extra `--var NAME:value` bindings (the load test's fault hook). */
  vars?: Record<string, string>;
  /** Sees everything wrangler prints, as it comes (the load run counts the consumer's failed batches). */
  onOutput?: (text: string) => void;
}): Promise<RunningWorker> {
  // Its own free port: port + 10000 ran past 65535 for a fifth of the ephemeral range and workerd
  // refused to start.
  const inspectorPort = await freePort();
  const args = [
    WRANGLER,
    "dev",
    ...(options.config ? ["--config", options.config] : []),
    "--ip",
    "127.0.0.1",
    "--port",
    String(options.port),
    "--inspector-port",
    String(inspectorPort),
    "--log-level",
    options.logLevel ?? "warn",
    "--show-interactive-dev-session=false",
    // Local only: GET /__scheduled?cron=… runs the Cron Triggers (wrangler dev never fires them itself).
    "--test-scheduled",
    ...(options.persistTo ? ["--persist-to", options.persistTo] : []),
    ...Object.entries(options.vars ?? {}).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: wranglerEnv(),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  const keep = (d: Buffer) => {
    log = (log + d).slice(-LOG_TAIL_CHARS);
    options.onOutput?.(String(d));
  };
  // Echoed or kept, wrangler's output never shows an order token (its request lines carry paths).
  const out = redactingWriter((text) => process.stdout.write(text));
  const err = redactingWriter((text) => process.stderr.write(text));
  child.stdout!.on("data", (d) => (options.echo ? out.push(d) : keep(d)));
  child.stderr!.on("data", (d) => (options.echo ? err.push(d) : keep(d)));
  child.once("close", () => (out.flush(), err.flush()));
  let stopping = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; expected: boolean }>((resolve) =>
    child.once("exit", (code, signal) => {
      // wrangler.js is a launcher: what it started (wrangler's CLI, workerd) may outlive it and keep
      // the port half-alive, so the rest of the group goes with it.
      if (!stopping) killGroup(child.pid, "SIGKILL");
      resolve({ code, signal, expected: stopping });
    }),
  );
  const origin = `http://127.0.0.1:${options.port}`;
  const stop = () => {
    stopping = true;
    return stopGroup(child);
  };
  try {
    await waitFor(`${origin}/v1/health`, 60_000, () => child.exitCode !== null);
  } catch (error) {
    await stop();
    throw new Error(`wrangler dev did not start: ${(error as Error).message}\n${redactCredentials(log)}`);
  }
  return { origin, pid: child.pid!, exited, logTail: () => redactCredentials(log), stop };
}

export async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined) return;
  if (child.exitCode === null) {
    await new Promise<void>((resolve) => {
      child.once("close", () => resolve());
      if (!killGroup(child.pid, "SIGTERM")) resolve();
      setTimeout(() => killGroup(child.pid, "SIGKILL"), 5_000).unref();
    });
  }
  // wrangler can be gone while workerd, its child in the same group, still holds the local D1 file:
  // whoever reads that file next (the bench's table sizes) would find it locked. Wait for the group.
  const deadline = Date.now() + 10_000;
  while (groupAlive(child.pid) && Date.now() < deadline) {
    if (Date.now() > deadline - 5_000) killGroup(child.pid, "SIGKILL");
    await new Promise((r) => setTimeout(r, 50));
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid!, signal);
    return true;
  } catch {
    return false; // already gone
  }
}

async function waitFor(url: string, timeoutMs: number, gaveUp: () => boolean) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gaveUp()) throw new Error("process exited");
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no answer from ${url} within ${timeoutMs} ms`);
}
