import { describe, expect, it } from "vitest";
import { addBusinessDays, addDays, isCalendarDate, isWeekend } from "../../../worker/domain/calendar-date.ts";
import { promisedDeliveryWindow, returnDeadline } from "../../../worker/domain/delivery-window.ts";
import { feedbackWindow } from "../../../worker/domain/feedback-window.ts";
import { scheduleMoments } from "../../../worker/domain/lifecycle/schedule.ts";
import { offerRules } from "../../../worker/schemas/offers.ts";
import { feedbackTiming } from "../../../worker/schemas/store.ts";

/**
 * Issue 17: past 9999-12-31 the old arithmetic wrote "+010000-01", read it back as the same day, and
 * the weekend loop never ended (the order view of an order "placed" in 9999 never answered). Each call
 * below must come back with a date or a RangeError. (workerd's clocks stand still while code runs, so
 * no timer can catch a loop that does not end: the run would stall here instead.)
 */
const answer = (call: () => unknown) => {
  try {
    return call();
  } catch (error) {
    return error instanceof RangeError ? "RangeError" : error;
  }
};

describe("calendar arithmetic at the edges", () => {
  it.each([
    ["the last four-digit day plus one", () => addDays("9999-12-31", 1), "9999-12-31"],
    ["the first day minus one", () => addDays("0000-01-01", -1), "0000-01-01"],
    ["a day count past any calendar", () => addDays("2026-11-20", 1e15), "9999-12-31"],
    ["the largest number", () => addDays("2026-11-20", Number.MAX_VALUE), "9999-12-31"],
    ["NaN days", () => addDays("2026-11-20", Number.NaN), "RangeError"],
    ["infinite days", () => addDays("2026-11-20", Number.POSITIVE_INFINITY), "RangeError"],
    ["half a day", () => addDays("2026-11-20", 0.5), "RangeError"],
    ["what 9999-12-31 + 1 used to become", () => addDays("+010000-01", 1), "RangeError"],
    ["not a date", () => addDays("yesterday", 1), "RangeError"],
    ["a day that does not exist", () => addDays("2026-02-30", 1), "RangeError"],
    ["business days from the last Friday", () => addBusinessDays("9999-12-31", 1), "9999-12-31"],
    ["business days from a weekend near the end", () => addBusinessDays("9999-12-25", 5), "9999-12-31"],
    ["a million business days", () => addBusinessDays("2026-11-20", 1_000_000), "5859-12-16"],
    ["business days past any calendar", () => addBusinessDays("2026-11-20", 1e15), "9999-12-31"],
    ["NaN business days", () => addBusinessDays("2026-11-21", Number.NaN), "RangeError"],
    ["negative business days roll a weekend only", () => addBusinessDays("2026-11-21", -3), "2026-11-23"],
    ["business days from an invalid date", () => addBusinessDays("+010000-01", 1), "RangeError"],
    ["the weekday of an invalid date", () => isWeekend("+010000-01"), "RangeError"],
    [
      "a promise from an order in 9999",
      () =>
        promisedDeliveryWindow("9999-12-31T23:00:00Z", {
          processingDays: 30,
          transitDaysMin: 60,
          transitDaysMax: 90,
          businessDaysOnly: true,
        }),
      { from: "9999-12-31", to: "9999-12-31" },
    ],
    [
      "a promise in calendar days from 9999",
      () =>
        promisedDeliveryWindow("9999-12-30T23:00:00Z", {
          processingDays: 1,
          transitDaysMin: 2,
          transitDaysMax: 5,
          businessDaysOnly: false,
        }),
      { from: "9999-12-31", to: "9999-12-31" },
    ],
    ["a return deadline from the last day", () => returnDeadline("9999-12-31", 365), "9999-12-31"],
    ["a return deadline from an invalid day", () => returnDeadline("+010000-01", 30), "RangeError"],
  ])("%s", (_, call, expected) => {
    expect(answer(call)).toEqual(expected);
  });

  it("still counts ordinary weeks the way the walk did", () => {
    // Friday + 1 → Monday; Thursday + 2 → Monday; Monday + 5 → Monday; Saturday + 0 → Monday.
    expect(["2026-11-20", "2026-11-19", "2026-11-23", "2026-11-21"].map((d, i) => addBusinessDays(d, [1, 2, 5, 0][i]!))).toEqual([
      "2026-11-23",
      "2026-11-23",
      "2026-11-30",
      "2026-11-23",
    ]);
  });

  it("knows a real day from a string that looks like one", () => {
    expect(["2028-02-29", "0000-01-01", "9999-12-31"].map(isCalendarDate)).toEqual([true, true, true]);
    expect(["2026-02-29", "2026-13-01", "+010000-01", "2026-1-1", ""].map(isCalendarDate)).toEqual([false, false, false, false, false]);
  });

  it("times feedback and lifecycle moments for extreme orders, or refuses them, at once", () => {
    const timing = feedbackTiming.parse({ useDays: { mattress: 120 }, fallbackDays: 120 });
    const rules = offerRules.parse({});
    for (const placedAt of ["9999-12-31T23:59:59-14:00", "2000-01-01T00:00:00Z", "not a date"]) {
      const window = answer(() => feedbackWindow({ placedAt, families: ["mattress"], deliveredAt: ["9999-12-31T00:00:00Z"], timing }));
      const moments = answer(() =>
        scheduleMoments({ placedAt, lines: [{ sku: "M", family: "mattress" }], parcels: [], feedbackOpensAt: placedAt, rules }),
      );
      if (placedAt === "not a date") expect([window, moments]).toEqual(["RangeError", "RangeError"]);
      else expect([typeof window, Array.isArray(moments)]).toEqual(["object", true]);
    }
  });
});
