import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BASE, createStore, errorOf, ORIGIN, storeWithOrder } from "./fixtures.ts";

const randomIp = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;

/** Sends `times` requests, 25 at a time so the run fits well inside one 10-second window. */
async function hammer(target: string | (() => string), times: number, headers: Record<string, string>) {
  const url = typeof target === "string" ? () => target : target;
  const statuses: number[] = [];
  for (let sent = 0; sent < times - 1; sent += 25) {
    const wave = Array.from({ length: Math.min(25, times - 1 - sent) }, () => SELF.fetch(url(), { headers }));
    for (const res of await Promise.all(wave)) {
      statuses.push(res.status);
      await res.body?.cancel();
    }
  }
  const last = await SELF.fetch(url(), { headers });
  statuses.push(last.status);
  return { statuses, last };
}

describe("abuse limits", () => {
  it("limits one order token to 60 requests per 10 s, answering 429 with Retry-After", async () => {
    const { token } = await storeWithOrder();
    // Limiter windows are aligned to the clock; start at the top of one so all 61 requests share it
    // (unaligned, a busy machine once let the 61st fall into the next window).
    await new Promise((r) => setTimeout(r, 10_000 - (Date.now() % 10_000)));
    const { statuses, last } = await hammer(`${BASE}/v1/o/${token}`, 61, { Origin: ORIGIN, "CF-Connecting-IP": randomIp() });
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(last.status).toBe(429);
    expect(last.headers.get("Retry-After")).toBe("10");
    // Readable by the widget, so it can wait instead of failing.
    expect(last.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
    expect((await errorOf(last)).code).toBe("rate_limited");
  }, 30_000);

  it("limits one IP to 300 requests per 10 s across stores and tokens", async () => {
    const store = await createStore();
    // Limiter windows are aligned to the clock; start at the top of one so all 301 requests share it.
    await new Promise((r) => setTimeout(r, 10_000 - (Date.now() % 10_000)));
    const { statuses, last } = await hammer(`${BASE}/v1/stores/${store.id}/config`, 301, { "CF-Connecting-IP": "203.0.113.77" });
    expect(statuses.slice(0, 300).every((s) => s === 200)).toBe(true);
    expect(last.status).toBe(429);
    expect(last.headers.get("Retry-After")).toBe("10");
    // Another address is unaffected.
    const other = await SELF.fetch(`${BASE}/v1/stores/${store.id}/config`, { headers: { "CF-Connecting-IP": randomIp() } });
    expect(other.status).toBe(200);
  }, 30_000);
});
