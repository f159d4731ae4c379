import { describe, expect, it } from "vitest";
import { scheduleMoments, decideMoment, type Moment, type ScheduleInput } from "../../../worker/domain/lifecycle/schedule.ts";
import { offerRules } from "../../../worker/schemas/offers.ts";

const base = (over: Partial<ScheduleInput> = {}): ScheduleInput => ({
  placedAt: "2026-11-20T23:30:00-05:00",
  lines: [
    { sku: "TENT-1", family: "tents" },
    { sku: "SOCK-3", family: "socks" },
  ],
  parcels: [],
  feedbackOpensAt: "2026-12-11T04:30:00.000Z",
  rules: offerRules.parse({ expensiveFamilies: ["tents"] }),
  ...over,
});

const at = (moments: Moment[], kind: string, ref = "") => moments.find((m) => m.kind === kind && m.ref === ref)?.dueAt;

describe("scheduleMoments", () => {
  it("times the welcome series at 10:00 in the order's own time zone", () => {
    const cases: [string, Record<string, string>][] = [
      // 23:30 in New York is already the 21st in UTC; the days count in New York.
      [
        "2026-11-20T23:30:00-05:00",
        {
          order_confirmed: "2026-11-21T04:30:00.000Z",
          usage_tips: "2026-11-22T15:00:00.000Z",
          returns_help: "2026-11-27T15:00:00.000Z",
          loyalty: "2026-12-04T15:00:00.000Z",
        },
      ],
      // 08:00 in Tokyo is the previous evening in UTC; 10:00 Tokyo is 01:00 UTC.
      [
        "2026-11-20T08:00:00+09:00",
        {
          order_confirmed: "2026-11-19T23:00:00.000Z",
          usage_tips: "2026-11-22T01:00:00.000Z",
          returns_help: "2026-11-27T01:00:00.000Z",
          loyalty: "2026-12-04T01:00:00.000Z",
        },
      ],
      [
        "2026-11-20T12:00:00Z",
        {
          order_confirmed: "2026-11-20T12:00:00.000Z",
          usage_tips: "2026-11-22T10:00:00.000Z",
          returns_help: "2026-11-27T10:00:00.000Z",
          loyalty: "2026-12-04T10:00:00.000Z",
        },
      ],
    ];
    for (const [placedAt, expected] of cases) {
      const moments = scheduleMoments(base({ placedAt }));
      for (const [kind, dueAt] of Object.entries(expected)) expect(at(moments, kind), `${placedAt} ${kind}`).toBe(dueAt);
    }
  });

  it("moves the delivery-dependent moments when delivery comes later than planned", () => {
    const planned = scheduleMoments(base({ parcels: [{ id: "P1", skus: ["TENT-1", "SOCK-3"], shippedAt: "2026-11-21T15:00:00Z" }] }));
    expect(at(planned, "usage_tips")).toBe("2026-11-22T15:00:00.000Z");
    const late = scheduleMoments(
      base({ parcels: [{ id: "P1", skus: ["TENT-1", "SOCK-3"], shippedAt: "2026-11-21T15:00:00Z", deliveredAt: "2026-11-25T18:00:00Z" }] }),
    );
    expect(at(late, "usage_tips")).toBe("2026-11-27T15:00:00.000Z");
    expect(at(late, "returns_help")).toBe("2026-12-02T15:00:00.000Z");
    expect(at(late, "loyalty")).toBe("2026-12-09T15:00:00.000Z");
    // The order confirmation and the buying-again windows count from the purchase, whatever happens.
    expect(at(late, "order_confirmed")).toBe(at(planned, "order_confirmed"));
    expect(at(late, "reorder", "socks")).toBe("2026-11-27T15:00:00.000Z");
  });

  it("gives each parcel its milestones and flags the order's first of each kind", () => {
    const moments = scheduleMoments(
      base({
        parcels: [
          { id: "P2", skus: ["SOCK-3"], shippedAt: "2026-11-22T09:00:00Z", deliveredAt: "2026-11-24T12:00:00Z" },
          {
            id: "P1",
            skus: ["TENT-1"],
            shippedAt: "2026-11-21T09:00:00Z",
            delayedAt: "2026-11-25T05:00:00Z",
            deliveredAt: "2026-11-26T12:00:00Z",
          },
        ],
      }),
    );
    const milestones = moments
      .filter((m) => ["shipped", "delivered", "delayed"].includes(m.kind))
      .map((m) => `${m.kind}:${m.ref}:${m.first}`);
    expect(milestones).toEqual(["shipped:P1:true", "shipped:P2:false", "delivered:P2:true", "delayed:P1:true", "delivered:P1:false"]);
    // The welcome series waits for the last parcel.
    expect(at(moments, "usage_tips")).toBe("2026-11-28T15:00:00.000Z");
    expect(moments.filter((m) => m.marketing).map((m) => m.kind)).toEqual(
      expect.arrayContaining(["usage_tips", "loyalty", "reorder", "upsell", "replenishment"]),
    );
    expect(moments.filter((m) => m.marketing).map((m) => m.kind)).not.toContain("delayed");
  });

  it("opens buying-again windows per family: 7/14/28 days, 21/28/35 for expensive families", () => {
    const moments = scheduleMoments(base({ placedAt: "2026-11-20T12:00:00Z" }));
    expect([at(moments, "reorder", "socks"), at(moments, "upsell", "socks"), at(moments, "replenishment", "socks")]).toEqual([
      "2026-11-27T10:00:00.000Z",
      "2026-12-04T10:00:00.000Z",
      "2026-12-18T10:00:00.000Z",
    ]);
    expect([at(moments, "reorder", "tents"), at(moments, "upsell", "tents"), at(moments, "replenishment", "tents")]).toEqual([
      "2026-12-11T10:00:00.000Z",
      "2026-12-18T10:00:00.000Z",
      "2026-12-25T10:00:00.000Z",
    ]);
    expect(at(moments, "survey_invitation")).toBe("2026-12-11T04:30:00.000Z");
    expect(at(moments, "review_invitation")).toBe("2026-12-14T10:00:00.000Z");
  });

  it("has nothing left to send for a cancelled order", () => {
    expect(scheduleMoments(base({ cancelledAt: "2026-11-21T09:00:00Z" }))).toEqual([]);
  });

  it("sells nothing on the back of a returned parcel", () => {
    const partly = scheduleMoments(
      base({
        parcels: [
          { id: "P1", skus: ["TENT-1"], deliveredAt: "2026-11-23T12:00:00Z", returnedAt: "2026-11-28T12:00:00Z" },
          { id: "P2", skus: ["SOCK-3"], deliveredAt: "2026-11-23T12:00:00Z" },
        ],
      }),
    );
    expect(partly.filter((m) => m.kind === "reorder").map((m) => m.ref)).toEqual(["socks"]);
    const all = scheduleMoments(
      base({
        parcels: [{ id: "P1", skus: ["TENT-1", "SOCK-3"], deliveredAt: "2026-11-23T12:00:00Z", returnedAt: "2026-11-28T12:00:00Z" }],
      }),
    );
    expect(all.filter((m) => m.marketing)).toEqual([]);
    expect(all.map((m) => m.kind)).toContain("returns_help");
  });
});

describe("decideMoment", () => {
  const service = { kind: "delayed" as const, ref: "P1", marketing: false };
  const pitch = { kind: "reorder" as const, ref: "socks", marketing: true };
  const granted = { state: "granted" as const, at: "2026-11-20T10:00:00Z", source: "order" };
  const facts = {
    arm: "treatment" as const,
    updates: "email" as const,
    consents: { email: granted },
    erased: false,
    reorderedFamilies: new Set<string>(),
  };
  it.each([
    ["a service moment in the holdout arm is sent", service, { arm: "holdout" as const }, { basis: "updates", channel: "email" }],
    ["a marketing moment in the holdout arm is held back", pitch, { arm: "holdout" as const }, "holdout"],
    ["no service moment goes to a shopper who chose no updates", service, { updates: "none" as const }, "opted_out"],
    ["service moments go by the channel chosen for updates", service, { updates: "sms" as const }, { basis: "updates", channel: "sms" }],
    [
      "service moments go by email when nothing was chosen",
      service,
      { updates: null, consents: {} },
      { basis: "updates", channel: "email" },
    ],
    ["nothing goes to an erased customer", pitch, { erased: true }, "erased"],
    ["a reorder reminder is moot after buying that family again", pitch, { reorderedFamilies: new Set(["socks"]) }, "reordered"],
    ["a treated customer with consent gets the pitch", pitch, {}, { basis: "marketing", channel: "email", consent: granted }],
    ["no pitch without marketing consent, whatever the update choice", pitch, { consents: {} }, "no_marketing_consent"],
    [
      "no pitch on a withdrawn consent",
      pitch,
      { consents: { email: { ...granted, state: "withdrawn" as const } } },
      "no_marketing_consent",
    ],
    [
      "a pending double opt-in is not consent",
      pitch,
      { consents: { email: { ...granted, state: "pending" as const } } },
      "no_marketing_consent",
    ],
    [
      "the pitch goes by text when only texts are consented",
      pitch,
      { consents: { sms: granted, email: { ...granted, state: "denied" as const } } },
      { basis: "marketing", channel: "sms", consent: granted },
    ],
    [
      "marketing consent holds even for a shopper who wants no delivery updates",
      pitch,
      { updates: "none" as const },
      { basis: "marketing", channel: "email", consent: granted },
    ],
    [
      "the update channel is preferred when marketing is granted there too",
      pitch,
      { updates: "sms" as const, consents: { email: granted, sms: granted } },
      { basis: "marketing", channel: "sms", consent: granted },
    ],
    ["consent is checked before the holdout", pitch, { arm: "holdout" as const, consents: {} }, "no_marketing_consent"],
  ])("%s", (_, moment, over, expected) => {
    const decision = decideMoment(moment, { ...facts, ...over });
    expect("suppressed" in decision ? decision.suppressed : decision.send).toEqual(expected);
  });
});
