/**
 * The D1 bookmark (issue 23): the widget keeps the newest one each order's answers carried, in memory,
 * and sends it back with its next requests about that order, so a shopper who just answered reads
 * their own answer. Until a bookmark is held, reads stay simple requests (no header, no preflight);
 * the events post never carries one.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { API, TOKEN } from "./fixtures.ts";

type Api = typeof import("../../widget/api.ts");
let api: Api;
let answers: Record<string, string>[];
let fetchMock: ReturnType<typeof vi.fn>;

const OLD = "00000001-00000010-00000000-00000000000000000000000000000000";
const NEW = "00000001-00000020-00000000-00000000000000000000000000000000";
const NEWER = "00000001-00000030-00000000-00000000000000000000000000000000";

/** The headers the n-th request was sent with (none: undefined). */
const sent = (n: number) => (fetchMock.mock.calls[n]![1] as RequestInit | undefined)?.headers as Record<string, string> | undefined;

beforeEach(async () => {
  vi.resetModules();
  answers = [];
  // Each answer carries the headers queued for it (a bookmark or none), with a body every call accepts.
  fetchMock = vi.fn(
    async () =>
      new Response(JSON.stringify({ accepted: [], duplicates: [] }), {
        status: 200,
        headers: { "Content-Type": "application/json", ...(answers.shift() ?? {}) },
      }),
  );
  vi.stubGlobal("fetch", fetchMock);
  api = await import("../../widget/api.ts");
});
afterEach(() => vi.useRealTimers());

describe("the bookmark", () => {
  it("is not sent before one is held: the first read stays a simple request", async () => {
    answers.push({ "Doorstep-Bookmark": OLD });
    await api.getOrder(API, TOKEN);
    expect(sent(0)?.["Doorstep-Bookmark"]).toBeUndefined();
    expect(sent(0) ?? {}).toEqual({});
  });

  it("a write's bookmark goes with the next reads and writes of the same order", async () => {
    answers.push({ "Doorstep-Bookmark": NEW });
    await api.saveSurvey(API, TOKEN, { rating: 5 });
    await api.getOrder(API, TOKEN);
    await api.getOffers(API, TOKEN, "tracking");
    await api.saveReviews(API, TOKEN, []);
    expect([1, 2, 3].map((n) => sent(n)?.["Doorstep-Bookmark"])).toEqual([NEW, NEW, NEW]);
    // The JSON post keeps its own header beside it.
    expect(sent(3)?.["Content-Type"]).toBe("application/json");
  });

  it("the loader's read (already sent) still leaves its bookmark for the next request", async () => {
    answers.push({ "Doorstep-Bookmark": NEW });
    const loaderRead = fetch(`${API}/v1/o/${TOKEN}`);
    await api.getOrder(API, TOKEN, loaderRead);
    await api.setUpdatePreference(API, TOKEN, { channel: "email" });
    expect(sent(1)?.["Doorstep-Bookmark"]).toBe(NEW);
  });

  it("keeps the newest: an older bookmark answered later (a poll that crossed a write) does not replace it", async () => {
    answers.push({ "Doorstep-Bookmark": NEWER }, { "Doorstep-Bookmark": OLD }, {});
    await api.saveSurvey(API, TOKEN, { rating: 4 });
    await api.getOrder(API, TOKEN);
    await api.getOrder(API, TOKEN);
    expect(sent(2)?.["Doorstep-Bookmark"]).toBe(NEWER);
  });

  it("a saved review's bookmark goes with its photos (the upload must find the review just written)", async () => {
    answers.push({ "Doorstep-Bookmark": NEW });
    await api.saveReviews(API, TOKEN, [{ sku: "JKT-1", rating: 5 }]);
    const photos = await import("../../widget/views/feedback/extras/photo-api.ts");
    await photos.addReviewPhoto(API, TOKEN, "JKT-1", new Blob([new Uint8Array(4)], { type: "image/jpeg" }));
    await photos.removeReviewPhoto(API, TOKEN, "JKT-1", "ph_1");
    expect([1, 2].map((n) => sent(n)?.["Doorstep-Bookmark"])).toEqual([NEW, NEW]);
    expect(sent(1)?.["Content-Type"]).toBe("image/jpeg");
  });

  it("is kept per order: another order's requests do not carry it, and a lookup carries none", async () => {
    answers.push({ "Doorstep-Bookmark": NEW });
    await api.saveSurvey(API, TOKEN, { rating: 5 });
    await api.getOrder(API, "other-order-token");
    await api.lookupOrder(API, { storeId: "acme", orderNumber: "1001", email: "sam@example.com" });
    expect(sent(1)?.["Doorstep-Bookmark"]).toBeUndefined();
    expect(sent(2)?.["Doorstep-Bookmark"]).toBeUndefined();
  });

  it("never rides on the events post, which stays text/plain without a preflight", async () => {
    vi.useFakeTimers();
    answers.push({ "Doorstep-Bookmark": NEW });
    await api.saveSurvey(API, TOKEN, { rating: 5 });
    const queue = await import("../../widget/events/queue.ts");
    queue.track(API, TOKEN, "view", "tracking");
    await vi.advanceTimersByTimeAsync(1000);
    const post = fetchMock.mock.calls.find(([url]) => String(url).endsWith("/events"));
    expect((post![1] as RequestInit).headers).toEqual({ "Content-Type": "text/plain" });
  });
});
