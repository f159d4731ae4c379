import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { followOrder, HIDDEN_EVERY_MS, VISIBLE_EVERY_MS } from "../../../widget/views/tracking/live-order.ts";
import { API, TOKEN, json } from "../fixtures.ts";
import { parcel, trackedOrder } from "./fixtures.ts";

let visibility: DocumentVisibilityState = "visible";

beforeEach(() => {
  vi.useFakeTimers();
  visibility = "visible";
  vi.spyOn(document, "visibilityState", "get").mockImplementation(() => visibility);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

function serve(...answers: (() => Response)[]) {
  let i = 0;
  const fetch = vi.fn(async (_url: string, _init?: RequestInit) => (answers[Math.min(i++, answers.length - 1)] ?? (() => json(500, {})))());
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

describe("followOrder", () => {
  it("polls every 10 s while visible and reports only real changes", async () => {
    const first = trackedOrder([parcel()]);
    const moved = trackedOrder([parcel({ status: "out_for_delivery" })]);
    const fetch = serve(
      () => json(200, first),
      () => json(200, moved),
    );
    const changes: string[] = [];
    const stop = followOrder({ api: API, token: TOKEN, current: first, onChange: (v) => changes.push(v.shipments[0]!.status) });

    await vi.advanceTimersByTimeAsync(VISIBLE_EVERY_MS);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]![0]).toBe(`${API}/v1/o/${TOKEN}`);
    expect(changes).toEqual([]);
    await vi.advanceTimersByTimeAsync(VISIBLE_EVERY_MS);
    expect(changes).toEqual(["out_for_delivery"]);
    stop();
    await vi.advanceTimersByTimeAsync(VISIBLE_EVERY_MS * 5);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("slows to one poll per 5 minutes while hidden and catches up at once on return", async () => {
    const order = trackedOrder([parcel()]);
    const fetch = serve(() => json(200, order));
    visibility = "hidden";
    const stop = followOrder({ api: API, token: TOKEN, current: order, onChange: () => {} });
    await vi.advanceTimersByTimeAsync(HIDDEN_EVERY_MS - 1);
    expect(fetch).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch).toHaveBeenCalledTimes(1);
    // An idle hidden tab: 12 requests an hour.
    await vi.advanceTimersByTimeAsync(3_600_000 - HIDDEN_EVERY_MS);
    expect(fetch).toHaveBeenCalledTimes(12);

    visibility = "visible";
    document.dispatchEvent(new Event("visibilitychange"));
    await vi.advanceTimersByTimeAsync(0);
    expect(fetch).toHaveBeenCalledTimes(13);
    stop();
  });

  it("stops once every parcel is delivered, and never starts for a settled order", async () => {
    const open = trackedOrder([parcel()]);
    const delivered = trackedOrder([parcel({ status: "delivered" })]);
    const fetch = serve(() => json(200, delivered));
    followOrder({ api: API, token: TOKEN, current: open, onChange: () => {} });
    await vi.advanceTimersByTimeAsync(VISIBLE_EVERY_MS * 10);
    expect(fetch).toHaveBeenCalledTimes(1);

    const again = serve(() => json(200, delivered));
    followOrder({ api: API, token: TOKEN, current: delivered, onChange: () => {} });
    await vi.advanceTimersByTimeAsync(VISIBLE_EVERY_MS * 10);
    expect(again).toHaveBeenCalledTimes(0);
  });

  it("backs off after failures and honours Retry-After", async () => {
    const order = trackedOrder([parcel()]);
    const limited = () =>
      new Response(JSON.stringify({ error: { code: "rate_limited", message: "slow down" } }), {
        status: 429,
        headers: { "Retry-After": "120" },
      });
    const fetch = serve(limited, () => json(200, order));
    const stop = followOrder({ api: API, token: TOKEN, current: order, onChange: () => {} });
    await vi.advanceTimersByTimeAsync(VISIBLE_EVERY_MS);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(119_000);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fetch).toHaveBeenCalledTimes(2);
    stop();
  });
});
