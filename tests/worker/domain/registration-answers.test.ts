/** What each aggregator's answer to a registration means (domain/carriers/registration.ts), as a table. */
import { describe, expect, it } from "vitest";
import { interpretAnswer, nextAttemptDelayMs, registrationRequest, retryAfterMs } from "../../../worker/domain/carriers/registration.ts";

const now = new Date("2026-11-24T12:00:00Z");
const headers = (h: Record<string, string> = {}) => new Headers(h);

describe("registrationRequest", () => {
  it("EasyPost: Basic auth with the key as user name, the tracker wrapper, the carrier string", () => {
    const r = registrationRequest("easypost", "https://api.easypost.com/v2/", "EZAK123", "1Z5R89390357567127", {
      carrier: "ups",
      source: "detected",
    });
    expect(r.url).toBe("https://api.easypost.com/v2/trackers");
    expect(r.headers.Authorization).toBe(`Basic ${btoa("EZAK123:")}`);
    expect(JSON.parse(r.body)).toEqual({ tracker: { tracking_code: "1Z5R89390357567127", carrier: "UPS" } });
  });

  it("AfterShip: as-api-key, a flat body with the slug; no slug when the carrier is unknown", () => {
    const r = registrationRequest("aftership", "https://api.aftership.com/tracking/2026-07", "asat_1", "3318810025", {
      carrier: "dhl_express",
      source: "detected",
    });
    expect(r.url).toBe("https://api.aftership.com/tracking/2026-07/trackings");
    expect(r.headers["as-api-key"]).toBe("asat_1");
    expect(JSON.parse(r.body)).toEqual({ tracking_number: "3318810025", slug: "dhl" });
    const unknown = registrationRequest("aftership", "https://x", "k", "ZZ1", { source: "unknown" });
    expect(JSON.parse(unknown.body)).toEqual({ tracking_number: "ZZ1" });
  });
});

describe("interpretAnswer", () => {
  it.each([
    ["easypost", 201, {}, { id: "trk_1", object: "Tracker" }, { kind: "registered", vendorId: "trk_1", existing: false }],
    ["easypost", 200, {}, { id: "trk_1", object: "Tracker" }, { kind: "registered", vendorId: "trk_1" }],
    ["aftership", 201, {}, { meta: { code: 201 }, data: { id: "as1" } }, { kind: "registered", vendorId: "as1" }],
    [
      "aftership",
      400,
      {},
      { meta: { code: 4003, message: "Tracking already exists." }, data: { tracking: { id: "as1" } } },
      { kind: "registered", existing: true, vendorId: "as1" },
    ],
    [
      "easypost",
      429,
      { "Retry-After": "30" },
      { error: { code: "RATE_LIMITED", message: "Slow down" } },
      { kind: "retry", retryAfterMs: 30_000, message: "Slow down (RATE_LIMITED)" },
    ],
    [
      "aftership",
      429,
      { "X-RateLimit-Reset": String(now.getTime() / 1000 + 5) },
      { meta: { code: 429, message: "Too many" } },
      { kind: "retry", retryAfterMs: 5000 },
    ],
    ["easypost", 503, {}, "<html>busy</html>", { kind: "retry", message: "HTTP 503: <html>busy</html>", retryAfterMs: undefined }],
    [
      "aftership",
      500,
      { "Retry-After": "Tue, 24 Nov 2026 12:01:00 GMT" },
      { meta: { code: 500, message: "Something went wrong" } },
      { kind: "retry", retryAfterMs: 60_000 },
    ],
    [
      "easypost",
      401,
      {},
      { error: { code: "APIKEY.INACTIVE", message: "This api key is no longer active." } },
      { kind: "refused", message: "This api key is no longer active. (APIKEY.INACTIVE)" },
    ],
    [
      "aftership",
      401,
      {},
      { meta: { code: 401, message: "The API key is invalid.", type: "Unauthorized" } },
      { kind: "refused", message: "The API key is invalid. (401)" },
    ],
    ["aftership", 400, {}, { meta: { code: 4005, message: "The value of tracking_number is invalid." } }, { kind: "refused" }],
    [
      "easypost",
      422,
      {},
      { error: { code: "TRACKER.CREATE", message: "The tracking number does not belong to the carrier" } },
      { kind: "refused" },
    ],
  ] as const)("%s %s", (provider, status, h, body, expected) => {
    expect(interpretAnswer(provider, status, headers(h), typeof body === "string" ? body : JSON.stringify(body), now)).toMatchObject({
      status,
      ...expected,
    });
  });

  it("Retry-After in seconds, as a date, or a reset time; nothing when absent", () => {
    expect(retryAfterMs(headers({ "retry-after": "7" }), now)).toBe(7000);
    expect(retryAfterMs(headers({ "ratelimit-reset": "3" }), now)).toBe(3000);
    expect(retryAfterMs(headers(), now)).toBeUndefined();
  });

  it("backoff doubles from a minute to six hours; the vendor's own wait wins, within a day", () => {
    expect([1, 2, 3, 10, 20].map((n) => nextAttemptDelayMs(n) / 60_000)).toEqual([1, 2, 4, 360, 360]);
    expect(nextAttemptDelayMs(5, 30_000)).toBe(30_000);
    expect(nextAttemptDelayMs(5, 0)).toBe(1000);
    expect(nextAttemptDelayMs(5, 10 * 86_400_000)).toBe(86_400_000);
  });
});
