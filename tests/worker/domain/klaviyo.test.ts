import { describe, expect, it } from "vitest";
import { e164, KLAVIYO_METRICS, klaviyoEvent, klaviyoOutcome, majorUnits } from "../../../worker/domain/klaviyo.ts";
import { OUTBOUND_EVENT_TYPES } from "../../../contract/outbound.ts";

describe("klaviyoOutcome", () => {
  const errors = (code: string, detail: string) => JSON.stringify({ errors: [{ id: "x", status: 400, code, title: "t", detail }] });
  it.each([
    ["202 is delivered", 202, null, "", { kind: "delivered" }],
    ["429 waits for Retry-After", 429, "45", errors("throttled", "Request was throttled."), { kind: "retry", afterSeconds: 45 }],
    ["429 without Retry-After backs off", 429, null, "", { kind: "retry", afterSeconds: undefined }],
    ["a Retry-After past an hour is capped", 429, "86400", "", { kind: "retry", afterSeconds: 3600 }],
    [
      "a Retry-After as a date is left to the backoff",
      429,
      "Wed, 21 Oct 2026 07:28:00 GMT",
      "",
      { kind: "retry", afterSeconds: undefined },
    ],
    ["503 backs off", 503, null, errors("error", "A server error occurred."), { kind: "retry" }],
    ["408 backs off", 408, null, "", { kind: "retry" }],
    ["a network error backs off", null, null, "TypeError: fetch failed", { kind: "retry", error: "TypeError: fetch failed" }],
    ["401 is final", 401, null, errors("authentication_failed", "Incorrect authentication credentials."), { kind: "refused" }],
    ["403 is final", 403, null, errors("permission_denied", "missing events:write"), { kind: "refused" }],
    ["400 is final", 400, null, errors("invalid", "'properties' is a required field"), { kind: "refused" }],
  ] as const)("%s", (_, status, retryAfter, body, expected) => {
    expect(klaviyoOutcome(status, retryAfter, body)).toMatchObject(expected);
  });
  it("keeps Klaviyo's code and detail in the error", () => {
    expect(klaviyoOutcome(401, null, errors("authentication_failed", "Incorrect authentication credentials."))).toEqual({
      kind: "refused",
      error: "HTTP 401: authentication_failed: Incorrect authentication credentials.",
    });
    expect(klaviyoOutcome(502, null, "<html>Bad gateway</html>")).toEqual({ kind: "retry", error: "HTTP 502" });
  });
});

describe("klaviyoEvent", () => {
  const envelope = {
    id: "mom_abc",
    type: "moment.order_confirmed",
    createdAt: "2026-12-01T10:00:05.000Z",
    storeId: "s",
    data: {
      kind: "order_confirmed",
      dueAt: "2026-12-01T10:00:00.000Z",
      customer: { id: "c1", email: "a@b.c" },
      contact: "a@b.c",
      order: { total: 123456, currency: "JPY" },
    },
  };
  it("names the profile, counts the event once, carries the value only for the order", () => {
    const made = klaviyoEvent(envelope, { customerId: "c1", email: "a@b.c", phone: "+44 20 7946 0000" });
    expect(made).toEqual({
      body: {
        data: {
          type: "event",
          attributes: {
            properties: {
              kind: "order_confirmed",
              dueAt: envelope.data.dueAt,
              order: envelope.data.order,
              event_id: "mom_abc",
              event_type: "moment.order_confirmed",
            },
            time: "2026-12-01T10:00:00.000Z",
            value: 123456,
            value_currency: "JPY",
            unique_id: "mom_abc",
            metric: { data: { type: "metric", attributes: { name: "Doorstep Order Confirmed" } } },
            profile: { data: { type: "profile", attributes: { email: "a@b.c", phone_number: "+442079460000", external_id: "c1" } } },
          },
        },
      },
    });
    const loyalty = klaviyoEvent({ ...envelope, type: "moment.loyalty" }, { customerId: "c1" }) as { body: any };
    expect(loyalty.body.data.attributes.value).toBeUndefined();
    expect(loyalty.body.data.attributes.profile.data.attributes).toEqual({ external_id: "c1" });
  });
  it("refuses what cannot name a profile or has no metric", () => {
    expect(klaviyoEvent(envelope, {})).toEqual({ refused: expect.stringContaining("profile") });
    expect(klaviyoEvent({ ...envelope, type: "nope" }, { email: "a@b.c" })).toEqual({ refused: expect.stringContaining("metric") });
  });
  it("has a metric for every event type, each under Klaviyo's 128 characters", () => {
    for (const type of OUTBOUND_EVENT_TYPES) expect(KLAVIYO_METRICS[type]).toMatch(/^Doorstep [A-Z][\w ]{2,100}$/);
    expect(new Set(Object.values(KLAVIYO_METRICS)).size).toBe(OUTBOUND_EVENT_TYPES.length);
  });
  it.each([
    ["+1 (415) 555-0100", "+14155550100"],
    ["+44 20 7946 0000", "+442079460000"],
    ["415-555-0100", undefined],
    ["+0 123", undefined],
    [null, undefined],
  ])("e164(%s)", (phone, expected) => expect(e164(phone)).toBe(expected));
  it.each([
    [12345, "USD", 123.45],
    [12345, "JPY", 12345],
    [12345, "KWD", 12.345],
  ])("majorUnits(%i, %s)", (minor, currency, expected) => expect(majorUnits(minor, currency)).toBe(expected));
});

describe("docs/klaviyo-flows.json", () => {
  it("suggests one flow per metric Doorstep sends, marketing exactly where Doorstep treats it as marketing", async () => {
    const { flows } = (await import("../../../docs/klaviyo-flows.json")).default as { flows: { trigger: string; kind: string }[] };
    expect(new Set(flows.map((f) => f.trigger))).toEqual(new Set(Object.values(KLAVIYO_METRICS)));
    const marketing = new Set(["Doorstep Usage Tips", "Doorstep Loyalty", "Doorstep Reorder", "Doorstep Upsell", "Doorstep Replenishment"]);
    for (const f of flows) expect(f.kind).toBe(marketing.has(f.trigger) ? "marketing" : "service");
  });
});
