/**
 * The proactive delay rules (domain/delays/notices.ts) as tables over plain data, in the shopper's time
 * zone: an order placed in New York (-05:00) is judged by New York's calendar, not UTC's.
 */
import { describe, expect, it } from "vitest";
import { daytimeFrom, localDate, offsetOf, startOfLocalDay } from "../../../worker/domain/delays/local-time.ts";
import { delayNotices, type OrderWatch, type ParcelWatch } from "../../../worker/domain/delays/notices.ts";

const NY = "2026-11-20T15:30:00-05:00"; // a Friday afternoon in New York

function order(parcels: Partial<ParcelWatch>[] = [], overrides: Partial<OrderWatch> = {}): OrderWatch {
  return {
    placedAt: NY,
    cancelled: false,
    shipBy: "2026-11-23",
    stalledDays: 3,
    parcels: parcels.map((p, i) => ({ id: `p${i + 1}`, status: "in_transit", expected: { from: "2026-11-25", to: "2026-11-26" }, ...p })),
    ...overrides,
  };
}

const kinds = (o: OrderWatch, at: string) => delayNotices(o, new Date(at)).map((n) => `${n.kind}${n.ref ? `:${n.ref}` : ""}`);

describe("fulfillment_delayed", () => {
  it.each([
    ["2026-11-23T23:00:00Z", []], // 18:00 on the ship-by day in New York
    ["2026-11-24T04:59:59Z", []], // a second before New York's midnight: already the 24th in UTC
    ["2026-11-24T05:00:00Z", ["fulfillment_delayed"]],
  ])("nothing shipped, at %s → %j", (at, expected) => {
    expect(kinds(order(), at)).toEqual(expected);
    // A parcel registered but only packed has not left either.
    expect(kinds(order([{ status: "packed", lastScanAt: "2026-11-21T12:00:00Z" }]), at)).toEqual(expected);
  });

  it("begins at the shopper's midnight after the ship-by day, and is moot once anything is in transit", () => {
    const [notice] = delayNotices(order(), new Date("2026-11-25T12:00:00Z"));
    expect(notice).toEqual({ kind: "fulfillment_delayed", ref: "", since: "2026-11-24T05:00:00.000Z" });
    expect(
      kinds(
        order([{ status: "in_transit", shippedAt: "2026-11-24T16:00:00Z", lastScanAt: "2026-11-24T16:00:00Z" }]),
        "2026-11-25T12:00:00Z",
      ),
    ).toEqual([]);
  });

  it("a cancelled order raises nothing at all", () => {
    expect(
      kinds(order([{ status: "in_transit", lastScanAt: "2026-11-01T00:00:00Z" }], { cancelled: true }), "2026-12-01T12:00:00Z"),
    ).toEqual([]);
  });
});

describe("stalled", () => {
  const parcel: Partial<ParcelWatch> = { status: "in_transit", shippedAt: "2026-11-22T10:00:00Z", lastScanAt: "2026-11-22T10:00:00Z" };
  it.each([
    ["2026-11-25T09:59:59Z", []],
    ["2026-11-25T10:00:00Z", ["stalled:p1"]],
  ])("last scan 2026-11-22T10:00Z, at %s → %j", (at, expected) => {
    expect(kinds(order([parcel]), at)).toEqual(expected);
  });

  it("says when the last scan was; a store's own threshold counts; only a parcel in transit stalls", () => {
    expect(delayNotices(order([parcel]), new Date("2026-11-25T12:00:00Z"))[0]).toMatchObject({
      since: "2026-11-25T10:00:00.000Z",
      lastScanAt: "2026-11-22T10:00:00Z",
    });
    expect(kinds(order([parcel], { stalledDays: 5 }), "2026-11-26T12:00:00Z")).toEqual([]);
    expect(kinds(order([{ ...parcel, status: "packed" }]), "2026-11-25T12:00:00Z")).not.toContain("stalled:p1");
    expect(kinds(order([{ ...parcel, status: "exception" }]), "2026-11-25T12:00:00Z")).toEqual([]);
  });
});

describe("late", () => {
  const parcel: Partial<ParcelWatch> = { status: "in_transit", shippedAt: "2026-11-24T10:00:00Z", lastScanAt: "2026-11-26T20:00:00Z" };
  it.each([
    ["2026-11-27T00:00:00Z", []], // already the 27th in UTC, still the 26th (19:00) in New York
    ["2026-11-27T04:59:59Z", []],
    ["2026-11-27T05:00:00Z", ["late:p1"]],
  ])("expected by 2026-11-26, at %s → %j", (at, expected) => {
    expect(kinds(order([parcel]), at)).toEqual(expected);
  });

  it("judges the window the shopper was last given (a later estimate moves it); delivered or returned is never late", () => {
    expect(
      kinds(
        order([{ ...parcel, expected: { from: "2026-11-28", to: "2026-11-29" }, estimate: { from: "2026-11-28", to: "2026-11-29" } }]),
        "2026-11-27T12:00:00Z",
      ),
    ).toEqual([]);
    expect(kinds(order([{ ...parcel, status: "delivered" }]), "2026-12-10T12:00:00Z")).toEqual([]);
    expect(kinds(order([{ ...parcel, status: "returned" }]), "2026-12-10T12:00:00Z")).toEqual([]);
  });
});

describe("arriving_soon", () => {
  it("out for delivery: since it went out", () => {
    const notices = delayNotices(
      order([
        {
          status: "out_for_delivery",
          shippedAt: "2026-11-24T10:00:00Z",
          lastScanAt: "2026-11-25T13:00:00Z",
          outForDeliveryAt: "2026-11-25T13:00:00Z",
        },
      ]),
      new Date("2026-11-25T14:00:00Z"),
    );
    expect(notices).toEqual([
      {
        kind: "arriving_soon",
        ref: "p1",
        since: "2026-11-25T13:00:00Z",
        outForDelivery: true,
        expected: { from: "2026-11-25", to: "2026-11-26" },
      },
    ]);
  });

  it.each([
    ["2026-11-24T04:00:00Z", []], // 23:00 on the 23rd in New York: the estimate is two days off
    ["2026-11-24T05:00:00Z", ["arriving_soon:p1"]], // the 24th: tomorrow
    ["2026-11-25T16:00:00Z", ["arriving_soon:p1"]], // the day itself
    ["2026-11-26T05:00:00Z", ["late:p1"]], // the day after: late, no longer arriving
  ])("an estimate for 2026-11-25, at %s → %j", (at, expected) => {
    const estimate = { from: "2026-11-25", to: "2026-11-25" };
    expect(
      kinds(
        order(
          [{ status: "in_transit", shippedAt: "2026-11-23T10:00:00Z", lastScanAt: "2026-11-23T10:00:00Z", expected: estimate, estimate }],
          { stalledDays: 10 },
        ),
        at,
      ),
    ).toEqual(expected);
  });
});

describe("a delay the merchant reported", () => {
  it("is shown with its reason and new window until the parcel is out for delivery", () => {
    const delayed: Partial<ParcelWatch> = {
      status: "in_transit",
      shippedAt: "2026-11-23T10:00:00Z",
      lastScanAt: "2026-11-24T10:00:00Z",
      expected: { from: "2026-11-28", to: "2026-11-30" },
      estimate: { from: "2026-11-28", to: "2026-11-30" },
      delay: { reason: "weather", at: "2026-11-24T10:00:00Z" },
    };
    expect(delayNotices(order([delayed]), new Date("2026-11-25T12:00:00Z"))).toEqual([
      { kind: "delayed", ref: "p1", since: "2026-11-24T10:00:00Z", reason: "weather", expected: { from: "2026-11-28", to: "2026-11-30" } },
    ]);
  });
});

describe("the shopper's clock", () => {
  it.each([
    ["2026-11-20T15:30:00-05:00", -300],
    ["2026-11-20T15:30:00+05:30", 330],
    ["2026-11-20T15:30:00Z", 0],
  ])("offset of %s is %i minutes", (iso, minutes) => expect(offsetOf(iso)).toBe(minutes));

  it.each([
    ["2026-11-25T17:00:00Z", "2026-11-25T17:00:00.000Z"], // noon in New York: now
    ["2026-11-25T07:00:00Z", "2026-11-25T13:00:00.000Z"], // 02:00: at 08:00 that morning
    ["2026-11-26T03:00:00Z", "2026-11-26T13:00:00.000Z"], // 22:00: at 08:00 the next morning
    ["2026-11-26T01:59:59Z", "2026-11-26T01:59:59.000Z"], // 20:59:59: still the evening
  ])("a message raised at %s in New York goes out at %s", (at, due) => {
    expect(daytimeFrom(Date.parse(at), -300)).toBe(due);
  });

  it("days start at the shopper's midnight", () => {
    expect(localDate(Date.parse("2026-11-27T04:59:59Z"), -300)).toBe("2026-11-26");
    expect(new Date(startOfLocalDay("2026-11-27", -300)).toISOString()).toBe("2026-11-27T05:00:00.000Z");
  });
});
