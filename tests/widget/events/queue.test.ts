import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const API = "https://doorstep.test";
const TOKEN = "t".repeat(43);
const KEY = "doorstep:events:v1";

type Queue = typeof import("../../../widget/events/queue.ts");
let queue: Queue;
let answers: (() => Response | Promise<Response>)[];
let fetchMock: ReturnType<typeof vi.fn>;

const stored = () => JSON.parse(localStorage.getItem(KEY) ?? "[]") as { event: { id: string } }[];
const sentIds = (call: number) => (JSON.parse(String(fetchMock.mock.calls[call]![1]!.body)) as { id: string }[]).map((e) => e.id);
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
/** Answers like the worker: every id in the request is accepted. */
const acceptAll = () => (_: unknown, init?: RequestInit) =>
  json(200, { accepted: (JSON.parse(String(init!.body)) as { id: string }[]).map((e) => e.id), duplicates: [] });

beforeEach(async () => {
  vi.useFakeTimers();
  vi.resetModules();
  localStorage.clear();
  answers = [];
  fetchMock = vi.fn(async (url: unknown, init?: RequestInit) => {
    const next = answers.shift();
    return next ? (next as (u: unknown, i?: RequestInit) => Response)(url, init) : acceptAll()(url, init);
  });
  vi.stubGlobal("fetch", fetchMock);
  queue = await import("../../../widget/events/queue.ts");
});
afterEach(() => vi.useRealTimers());

describe("event queue", () => {
  it("stores an event before sending it and forgets it once the worker has it", async () => {
    const id = queue.track(API, TOKEN, "view", "confirmation")!;
    expect(stored().map((e) => e.event.id)).toEqual([id]);
    await vi.advanceTimersByTimeAsync(300);
    expect(fetchMock).toHaveBeenCalledOnce();
    expect(String(fetchMock.mock.calls[0]![0])).toBe(`${API}/v1/o/${TOKEN}/events`);
    expect(fetchMock.mock.calls[0]![1]).toMatchObject({ method: "POST", keepalive: true });
    expect(stored()).toEqual([]);
  });

  it("batches a burst into one request of at most 50", async () => {
    for (let i = 0; i < 70; i++) queue.track(API, TOKEN, "click", `b${i}`);
    await vi.advanceTimersByTimeAsync(1000);
    expect(fetchMock.mock.calls.map((_, i) => sentIds(i).length)).toEqual([50, 20]);
    expect(stored()).toEqual([]);
  });

  it("keeps events through network failures and resends the same ids with backoff", async () => {
    answers = [() => Promise.reject(new TypeError("Failed to fetch")), () => json(503, { error: { code: "unavailable", message: "x" } })];
    const id = queue.track(API, TOKEN, "view")!;
    await vi.advanceTimersByTimeAsync(300);
    expect(stored()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(70_000);
    expect(fetchMock).toHaveBeenCalledTimes(3);
    expect([sentIds(0), sentIds(1), sentIds(2)]).toEqual([[id], [id], [id]]);
    expect(stored()).toEqual([]);
  });

  it("waits as long as a 429's Retry-After says", async () => {
    answers = [() => json(429, { error: { code: "rate_limited", message: "x" } }, { "Retry-After": "10" })];
    queue.track(API, TOKEN, "view");
    await vi.advanceTimersByTimeAsync(300);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(9_000);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(stored()).toEqual([]);
  });

  it("drops events the worker refused for good (422) instead of retrying forever", async () => {
    answers = [() => json(422, { error: { code: "events_rejected", message: "x", details: {} } })];
    queue.track(API, TOKEN, "view");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(stored()).toEqual([]);
  });

  it("sends what an earlier page left behind, and nothing older than a week", async () => {
    const fresh = { api: API, token: TOKEN, event: { id: "left_over_1", type: "view", at: new Date().toISOString() } };
    const stale = {
      api: API,
      token: TOKEN,
      event: { id: "stale_event", type: "view", at: new Date(Date.now() - 8 * 864e5).toISOString() },
    };
    localStorage.setItem(KEY, JSON.stringify([stale, fresh]));
    queue.resume();
    await vi.advanceTimersByTimeAsync(10);
    expect(sentIds(0)).toEqual(["left_over_1"]);
  });

  it("keeps at most 500 events, dropping the oldest", () => {
    answers = Array.from({ length: 100 }, () => () => Promise.reject(new TypeError("offline")));
    const first = queue.track(API, TOKEN, "view", "0");
    for (let i = 1; i < 520; i++) queue.track(API, TOKEN, "view", String(i));
    expect(stored()).toHaveLength(queue.MAX_STORED);
    expect(stored().some((e) => e.event.id === first)).toBe(false);
  });

  it("never throws into the page when storage is unavailable", async () => {
    const setItem = vi.spyOn(localStorage, "setItem").mockImplementation(() => {
      throw new DOMException("quota", "QuotaExceededError");
    });
    expect(() => queue.track(API, TOKEN, "view")).not.toThrow();
    expect(setItem).toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(300);
    expect(fetchMock).toHaveBeenCalledOnce();
  });
});
