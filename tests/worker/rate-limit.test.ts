import { createExecutionContext, SELF, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../worker/index.ts";
import { describe, expect, it } from "vitest";
import { BASE, createStore, errorOf, ORIGIN, storeWithOrder } from "./fixtures.ts";

const randomIp = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;

const WINDOW_MS = 10_000;

/**
 * The worker's fetch handler called directly (as tests/worker/fuzz.test.ts does): in vitest-pool-workers
 * each SELF.fetch of a file costs more than the one before, and 301 of them no longer fit in a window.
 * The handler still runs in workerd with the real rate-limit bindings.
 */
async function send(url: string, headers: Record<string, string>): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(url, { headers }), env as Env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}
const windowOf = (time: number) => Math.floor(time / WINDOW_MS);

/** Sends `times` requests, 50 at a time, starting at the top of a limiter window (they are clock-aligned). */
async function hammerOnce(url: () => string, times: number, headers: Record<string, string>) {
  await new Promise((r) => setTimeout(r, WINDOW_MS - (Date.now() % WINDOW_MS)));
  const started = Date.now();
  const statuses: number[] = [];
  for (let sent = 0; sent < times - 1; sent += 50) {
    const wave = Array.from({ length: Math.min(50, times - 1 - sent) }, () => send(url(), headers));
    for (const res of await Promise.all(wave)) {
      statuses.push(res.status);
      await res.body?.cancel();
    }
  }
  const last = await send(url(), headers);
  statuses.push(last.status);
  return { statuses, last, oneWindow: windowOf(started) === windowOf(Date.now()) };
}

/**
 * The whole run must share one window for the last request to be the one over the limit. On a machine
 * busy enough that it spills into the next window the run says nothing about the limiter, so it is made
 * again (the limiter's keys are fresh each time: `headers` comes from a function).
 */
async function hammer(target: string | (() => string), times: number, headers: () => Record<string, string>) {
  const url = typeof target === "string" ? () => target : target;
  for (let attempt = 1; ; attempt++) {
    const run = await hammerOnce(url, times, headers());
    if (run.oneWindow || attempt === 3) return run;
  }
}

describe("abuse limits", () => {
  it("limits one order token to 60 requests per 10 s, answering 429 with Retry-After", async () => {
    const { token } = await storeWithOrder();
    // A fresh token per attempt would need a fresh order; the token's own window is what counts, and
    // a spilled run is made again in the next window, where the count starts over.
    const { statuses, last } = await hammer(`${BASE}/v1/o/${token}`, 61, () => ({ Origin: ORIGIN, "CF-Connecting-IP": randomIp() }));
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(last.status).toBe(429);
    expect(last.headers.get("Retry-After")).toBe("10");
    // Readable by the widget, so it can wait instead of failing.
    expect(last.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
    expect((await errorOf(last)).code).toBe("rate_limited");
  }, 60_000);

  it("limits support's order searches to 60 per 10 s per credential (issue 26)", async () => {
    // A fresh store, so a fresh key, per attempt: a run spilled into the next window is made again.
    let run: Awaited<ReturnType<typeof hammerOnce>> | undefined;
    for (let attempt = 1; attempt <= 3 && !run?.oneWindow; attempt++) {
      const store = await createStore();
      run = await hammerOnce(() => `${BASE}/v1/admin/orders?email=nobody%40example.com`, 61, {
        Authorization: `Bearer ${store.apiKey}`,
        "CF-Connecting-IP": randomIp(),
      });
    }
    expect(run!.statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(run!.last.status).toBe(429);
    expect(run!.last.headers.get("Retry-After")).toBe("10");
    expect((await errorOf(run!.last)).code).toBe("rate_limited");
  }, 60_000);

  it("limits one IP to 300 requests per 10 s across stores and tokens", async () => {
    const store = await createStore();
    let address = 77;
    let n = 0;
    // Ids no store can have: answered 404 without a database read, right after the limiter, so 301 of
    // them fit in one window even on a busy machine; a different "store" each time.
    const { statuses, last } = await hammer(
      () => `${BASE}/v1/stores/no%20store%20${n++}/config`,
      301,
      () => ({ "CF-Connecting-IP": `203.0.113.${address++}` }),
    );
    expect(statuses.slice(0, 300).every((s) => s === 404)).toBe(true);
    expect(last.status).toBe(429);
    expect(last.headers.get("Retry-After")).toBe("10");
    // Another address is unaffected.
    const other = await SELF.fetch(`${BASE}/v1/stores/${store.id}/config`, { headers: { "CF-Connecting-IP": randomIp() } });
    expect(other.status).toBe(200);
  }, 60_000);
});
