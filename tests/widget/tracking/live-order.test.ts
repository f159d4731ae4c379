import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { followOrder, localDay } from "../../../widget/views/tracking/live-order.ts";
import { HIDDEN_EVERY_MS, paceOf, VISIBLE_EVERY_MS, WATCHED_EVERY_MS } from "../../../widget/views/tracking/pace.ts";
import { API, TOKEN, json } from "../fixtures.ts";
import { parcel, trackedOrder } from "./fixtures.ts";

let visibility: DocumentVisibilityState = "visible";

beforeEach(() => {
  vi.useFakeTimers();
  // The fixture parcel is due 2026-11-27 to 28: in transit, two days before.
  vi.setSystemTime(new Date("2026-11-25T15:00:00Z"));
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

describe("paceOf: how often a tracking page refreshes, from what can change next", () => {
  const due = (to: string) => ({ from: "2026-11-27", to, source: "carrier" as const });
  const cases: [string, Parameters<typeof paceOf>[0], boolean, number][] = [
    ["in transit, due in three days", [parcel()], false, VISIBLE_EVERY_MS],
    ["in transit, due today", [parcel({ window: due("2026-11-25") })], false, WATCHED_EVERY_MS],
    ["in transit, was due yesterday (late: moves no faster)", [parcel({ window: due("2026-11-24") })], false, VISIBLE_EVERY_MS],
    ["out for delivery", [parcel({ status: "out_for_delivery" })], false, WATCHED_EVERY_MS],
    ["out for delivery, tab hidden", [parcel({ status: "out_for_delivery" })], true, HIDDEN_EVERY_MS],
    ["an exception (a failed attempt is retried another day)", [parcel({ status: "exception" })], false, VISIBLE_EVERY_MS],
    ["not shipped yet", [], false, VISIBLE_EVERY_MS],
    [
      "one parcel delivered, the other out for delivery",
      [parcel({ status: "delivered" }), parcel({ status: "out_for_delivery" })],
      false,
      WATCHED_EVERY_MS,
    ],
    ["delivered today (nothing left to follow)", [parcel({ status: "delivered", window: due("2026-11-25") })], false, 0],
    ["one delivered, one returned", [parcel({ status: "delivered" }), parcel({ status: "returned" })], true, 0],
  ];
  it.each(cases)("%s", (_, parcels, hidden, ms) => {
    expect(paceOf(parcels, hidden, "2026-11-25")).toBe(ms);
  });
});

describe("localDay: the shopper's calendar date as the worker writes delivery windows", () => {
  it.each([
    [new Date(2026, 0, 5, 0, 0), "2026-01-05"],
    [new Date(2026, 11, 31, 23, 59, 59), "2026-12-31"],
    [new Date(2028, 1, 29, 12), "2028-02-29"],
  ])("%o → %s", (d, expected) => {
    expect(localDay(d)).toBe(expected);
  });
});

describe("followOrder", () => {
  it("polls every 60 s while a parcel is in transit, every 10 s once it is out for delivery, and reports only real changes", async () => {
    const first = trackedOrder([parcel()]);
    const moved = trackedOrder([parcel({ status: "out_for_delivery" })]);
    const fetch = serve(
      () => json(200, first),
      () => json(200, moved),
    );
    const changes: string[] = [];
    const stop = followOrder({ api: API, token: TOKEN, current: first, onChange: (v) => changes.push(v.shipments[0]!.status) });

    await vi.advanceTimersByTimeAsync(VISIBLE_EVERY_MS - 1);
    expect(fetch).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]![0]).toBe(`${API}/v1/o/${TOKEN}?view=tracking`);
    expect(changes).toEqual([]);
    await vi.advanceTimersByTimeAsync(VISIBLE_EVERY_MS);
    expect(changes).toEqual(["out_for_delivery"]);
    // Out for delivery now: the next refreshes come every 10 s.
    await vi.advanceTimersByTimeAsync(WATCHED_EVERY_MS * 3);
    expect(fetch).toHaveBeenCalledTimes(5);
    stop();
    await vi.advanceTimersByTimeAsync(VISIBLE_EVERY_MS * 5);
    expect(fetch).toHaveBeenCalledTimes(5);
  });

  it("polls every 10 s from the start when the parcel is due today", async () => {
    const order = trackedOrder([parcel({ window: { from: "2026-11-24", to: "2026-11-25", source: "carrier" } })]);
    const fetch = serve(() => json(200, order));
    const stop = followOrder({ api: API, token: TOKEN, current: order, onChange: () => {} });
    await vi.advanceTimersByTimeAsync(VISIBLE_EVERY_MS);
    expect(fetch).toHaveBeenCalledTimes(6);
    stop();
  });

  it("slows to one poll per 5 minutes while hidden and catches up at once on return", async () => {
    const order = trackedOrder([parcel({ status: "out_for_delivery" })]);
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
    await vi.advanceTimersByTimeAsync(WATCHED_EVERY_MS);
    expect(fetch).toHaveBeenCalledTimes(14);
    stop();
  });

  it("stops once every parcel is delivered, and never starts for a settled order", async () => {
    const open = trackedOrder([parcel({ status: "out_for_delivery" })]);
    const delivered = trackedOrder([parcel({ status: "delivered" })]);
    const fetch = serve(() => json(200, delivered));
    followOrder({ api: API, token: TOKEN, current: open, onChange: () => {} });
    await vi.advanceTimersByTimeAsync(VISIBLE_EVERY_MS * 10);
    expect(fetch).toHaveBeenCalledTimes(1);

    const again = serve(() => json(200, delivered));
    followOrder({ api: API, token: TOKEN, current: delivered, onChange: () => {} });
    visibility = "visible";
    document.dispatchEvent(new Event("visibilitychange"));
    await vi.advanceTimersByTimeAsync(VISIBLE_EVERY_MS * 10);
    expect(again).toHaveBeenCalledTimes(0);
  });

  it("backs off from its pace after failures and honours Retry-After", async () => {
    const order = trackedOrder([parcel({ status: "out_for_delivery" })]);
    const down = () => json(503, { error: { code: "unavailable", message: "down" } });
    const limited = () =>
      new Response(JSON.stringify({ error: { code: "rate_limited", message: "slow down" } }), {
        status: 429,
        headers: { "Retry-After": "120" },
      });
    const fetch = serve(down, down, limited, () => json(200, order));
    const stop = followOrder({ api: API, token: TOKEN, current: order, onChange: () => {} });
    await vi.advanceTimersByTimeAsync(WATCHED_EVERY_MS);
    expect(fetch).toHaveBeenCalledTimes(1);
    // 10 s × 2, then × 4: never sooner than the pace it failed at.
    await vi.advanceTimersByTimeAsync(WATCHED_EVERY_MS * 2);
    expect(fetch).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(WATCHED_EVERY_MS * 4 - 1);
    expect(fetch).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(119_000);
    expect(fetch).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fetch).toHaveBeenCalledTimes(4);
    stop();
  });
});
