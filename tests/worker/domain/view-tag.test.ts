/**
 * The order view's ETag holds until the view would change by itself (domain/view-tag.ts): for any
 * order, at any instant before `until`, the view drawn is exactly the one drawn now, so a 304 answered
 * from the versions is never stale. Checked on generated orders (offsets, promises, parcels, scans,
 * estimates, delivered or not), and on each kind of change one by one.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SHIPMENT_STATUSES } from "../../../contract/vocabularies.ts";
import { orderView, type OrderViewInput } from "../../../worker/domain/order-view.ts";
import type { OrderRecord, ShipmentRecord, Store } from "../../../worker/domain/records.ts";
import { heldTag, tagHolds, VIEW_FORMAT, viewHoldsUntil, viewTag } from "../../../worker/domain/view-tag.ts";
import { offerRules } from "../../../worker/schemas/offers.ts";
import { storeSettings } from "../../../worker/schemas/store.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = Date.parse("2026-12-08T21:37:12.345Z");

function store(shipping: object = {}, feedback: object = {}): Store {
  const settings = storeSettings.parse({
    name: "Acme",
    origins: ["https://shop.example"],
    shipping: { processingDays: 1, transitDaysMin: 2, transitDaysMax: 4, businessDaysOnly: true, ...shipping },
    feedback,
  });
  return { id: "s1", ...settings, offerRules: offerRules.parse({}), primaryOrigin: "https://shop.example" };
}

/** An instant written as a merchant would send it, at `offset` minutes east of UTC. */
function local(instant: number, offset: number): string {
  if (offset === 0) return new Date(instant).toISOString();
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `${new Date(instant + offset * MINUTE).toISOString().slice(0, 19)}${sign}${hh}:${mm}`;
}

function order(placedAt: string, families: (string | undefined)[] = ["shoes"], cancelledAt?: string): OrderRecord {
  return {
    storeId: "s1",
    id: "o1",
    customerId: "c1",
    placedAt,
    currency: "USD",
    subtotal: 1000 * families.length,
    total: 1000 * families.length,
    cancelledAt,
    lines: families.map((family, i) => ({ sku: `SKU-${i}`, name: `Item ${i}`, family, quantity: 1, unitPrice: 1000 })),
    fees: [],
    discounts: [],
  };
}

function parcel(id: string, updates: ShipmentRecord["updates"], extra: Partial<ShipmentRecord> = {}): ShipmentRecord {
  return { id, orderId: "o1", carrier: "UPS", trackingNumber: `1Z${id}`, lines: [{ sku: "SKU-0", quantity: 1 }], updates, ...extra };
}

const input = (o: OrderRecord, s: Store, shipments: ShipmentRecord[], now: number): OrderViewInput => ({
  order: o,
  store: s,
  token: "tok",
  shipments,
  now: new Date(now),
});

const untilOf = (i: OrderViewInput) => viewHoldsUntil(i, orderView(i));
const at = (i: OrderViewInput, t: number) => orderView({ ...i, now: new Date(t) });

describe("viewHoldsUntil", () => {
  it("holds for every generated order at every instant before it, and for at most the next full hour", () => {
    const offsets = [0, -300, 345, 540, -570, 840, -720];
    const statuses = [null, ...SHIPMENT_STATUSES];
    const update = (placed: number, now: number) =>
      fc.record({
        status: fc.constantFrom(...statuses),
        at: fc.integer({ min: placed, max: now }),
        carrierDelay: fc.boolean(),
        delay: fc.boolean(),
      });
    const scenario = fc
      .record({
        nowShift: fc.integer({ min: 0, max: 3 * DAY }),
        age: fc.integer({ min: 0, max: 45 * DAY }),
        offset: fc.constantFrom(...offsets),
        businessDaysOnly: fc.boolean(),
        processingDays: fc.integer({ min: 0, max: 3 }),
        transit: fc.integer({ min: 1, max: 6 }),
        stalledDays: fc.integer({ min: 1, max: 5 }),
        useDays: fc.integer({ min: 0, max: 6 }),
        fallbackDays: fc.integer({ min: 1, max: 30 }),
        cancelled: fc.boolean(),
        fraction: fc.double({ min: 0, max: 1, noNaN: true }),
      })
      .chain((s) => {
        const now = NOW + s.nowShift;
        const placed = now - s.age;
        const estimate = fc.option(
          fc.integer({ min: -4, max: 6 }).map((d) => {
            const day = new Date(now + d * DAY).toISOString().slice(0, 10);
            return { from: day, to: day };
          }),
          { nil: undefined },
        );
        const parcels = fc.array(fc.record({ updates: fc.array(update(placed, now), { maxLength: 4 }), estimate }), { maxLength: 2 });
        return fc.record({ s: fc.constant(s), now: fc.constant(now), placed: fc.constant(placed), parcels });
      });
    fc.assert(
      fc.property(scenario, ({ s, now, placed, parcels }) => {
        const o = order(local(placed, s.offset), ["shoes", undefined], s.cancelled ? new Date(placed + HOUR).toISOString() : undefined);
        const st = store(
          {
            businessDaysOnly: s.businessDaysOnly,
            processingDays: s.processingDays,
            transitDaysMin: s.transit,
            transitDaysMax: s.transit + 2,
            stalledDays: s.stalledDays,
          },
          { defaultUseDays: s.useDays, fallbackDays: s.fallbackDays },
        );
        const shipments = parcels.map((p, i) =>
          parcel(
            `p${i}`,
            p.updates.map((u) => ({
              status: u.status,
              carrierDelay: u.carrierDelay,
              delayReason: u.delay ? ("weather" as const) : undefined,
              occurredAt: new Date(u.at).toISOString(),
            })),
            { estimate: p.estimate },
          ),
        );
        const i = input(o, st, shipments, now);
        const view = orderView(i);
        const until = viewHoldsUntil(i, view);
        expect(until).toBeGreaterThan(now);
        expect(until).toBeLessThanOrEqual(Math.floor(now / HOUR) * HOUR + HOUR);
        for (const t of [now + 1, now + Math.floor(s.fraction * (until - now - 1)), until - 1]) expect(at(i, t)).toEqual(view);
      }),
      { numRuns: 400 },
    );
  });

  it("ends when the feedback invitation opens", () => {
    const opens = NOW + 7 * MINUTE;
    // Delivered at `opens` minus the days of use: the invitation opens at `opens`.
    const delivered = new Date(opens - 5 * DAY).toISOString();
    const i = input(
      order(local(NOW - 8 * DAY, -300)),
      store({}, { defaultUseDays: 5 }),
      [parcel("a", [{ status: "delivered", carrierDelay: false, occurredAt: delivered }])],
      NOW,
    );
    expect(orderView(i).feedback).toMatchObject({ open: false, opensAt: new Date(opens).toISOString() });
    expect(untilOf(i)).toBe(opens);
    expect(at(i, opens).feedback.open).toBe(true);
  });

  it("ends when a parcel without a scan for the store's days becomes stalled", () => {
    const lastScan = NOW - 2 * DAY + 11 * MINUTE;
    const i = input(
      order(local(NOW - 3 * DAY, 0)),
      store({ stalledDays: 2, transitDaysMax: 9, transitDaysMin: 8 }),
      [parcel("a", [{ status: "in_transit", carrierDelay: false, occurredAt: new Date(lastScan).toISOString() }])],
      NOW,
    );
    expect(orderView(i).notices.map((n) => n.kind)).not.toContain("stalled");
    expect(untilOf(i)).toBe(lastScan + 2 * DAY);
    expect(at(i, lastScan + 2 * DAY).notices.map((n) => n.kind)).toContain("stalled");
  });

  it("ends at the shopper's midnight, which need not be on the hour", () => {
    // 21:37 UTC is 03:22 the next day at +05:45; 23:55 there is 18:10 UTC.
    const now = Date.parse("2026-12-08T18:10:00Z");
    const i = input(order(local(now - DAY, 345)), store(), [], now);
    expect(untilOf(i)).toBe(Date.parse("2026-12-08T18:15:00Z"));
  });

  it("ends at the next full hour otherwise (a deployed change reaches open tabs within the hour)", () => {
    const i = input(order(local(NOW - 2 * DAY, 0)), store(), [], NOW);
    expect(untilOf(i)).toBe(Date.parse("2026-12-08T22:00:00Z"));
  });
});

describe("the tag", () => {
  const versions = { order: 12, store: 3 };
  const until = Date.parse("2026-12-08T22:00:00Z");
  const tag = viewTag(versions, until);

  it("names the format, the versions and until when it holds", () => {
    expect(tag).toBe(`W/"${VIEW_FORMAT}.12.3.${(until / 1000).toString(36)}"`);
    expect(tagHolds(tag, until - 1)).toBe(true);
    expect(tagHolds(tag, until)).toBe(false);
  });

  it("is held while its versions are the order's and its time is ahead, strong or weak, in a list", () => {
    expect(heldTag(tag, versions, until - 1)).toBe(tag);
    expect(heldTag(`"x", ${tag.slice(2)}`, versions, until - 1)).toBe(tag);
    expect(heldTag(tag, versions, until)).toBeUndefined();
    expect(heldTag(tag, { order: 13, store: 3 }, until - 1)).toBeUndefined();
    expect(heldTag(tag, { order: 12, store: 4 }, until - 1)).toBeUndefined();
    expect(heldTag(tag.replace(`"${VIEW_FORMAT}.`, `"${VIEW_FORMAT + 1}.`), versions, until - 1)).toBeUndefined();
    for (const other of [undefined, "", "*", 'W/"0123456789abcdefghijklmnopq"', 'W/"1.2.3"'])
      expect(heldTag(other, versions, until - 1)).toBeUndefined();
  });
  it("is the survey view's own for its part of the view (?view=survey): neither is held for the other", () => {
    const survey = viewTag(versions, until, "survey");
    expect(survey).toBe(`W/"${VIEW_FORMAT}s.12.3.${(until / 1000).toString(36)}"`);
    expect(survey).not.toBe(tag);
    expect(tagHolds(survey, until - 1)).toBe(true);
    expect(heldTag(survey, versions, until - 1, "survey")).toBe(survey);
    expect(heldTag(`${tag}, ${survey}`, versions, until - 1, "survey")).toBe(survey);
    expect(heldTag(survey, versions, until - 1)).toBeUndefined();
    expect(heldTag(tag, versions, until - 1, "survey")).toBeUndefined();
    expect(heldTag(survey, versions, until, "survey")).toBeUndefined();
  });
});
