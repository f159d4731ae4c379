import { describe, expect, it } from "vitest";
import { addBusinessDays, localDateOf } from "../../../worker/domain/calendar-date.ts";
import { promisedDeliveryWindow, returnDeadline } from "../../../worker/domain/delivery-window.ts";

const promise = { processingDays: 1, transitDaysMin: 2, transitDaysMax: 4, businessDaysOnly: true };

describe("promisedDeliveryWindow", () => {
  it.each([
    // placedAt (merchant's offset), expected window
    ["2026-11-23T10:00:00Z", "2026-11-26", "2026-11-30"], // Monday: ships Tue, arrives Thu–Mon
    ["2026-11-20T23:30:00-05:00", "2026-11-25", "2026-11-27"], // Friday evening in New York, Saturday in UTC
    ["2026-11-21T09:00:00+01:00", "2026-11-26", "2026-11-30"], // Saturday: handling starts Monday, as if placed then
    ["2026-12-31T12:00:00Z", "2027-01-05", "2027-01-07"], // across the year end
  ])("placed %s → %s to %s", (placedAt, from, to) => {
    expect(promisedDeliveryWindow(placedAt, promise)).toEqual({ from, to });
  });

  it("counts calendar days when the store ships every day", () => {
    expect(promisedDeliveryWindow("2026-11-20T10:00:00Z", { ...promise, businessDaysOnly: false })).toEqual({
      from: "2026-11-23",
      to: "2026-11-25",
    });
  });
});

describe("calendar helpers", () => {
  it("reads the date in the timestamp's own offset", () => {
    expect(localDateOf("2026-03-01T00:30:00+14:00")).toBe("2026-03-01");
  });
  it("rolls a weekend start to Monday before counting", () => {
    expect(addBusinessDays("2026-11-22", 0)).toBe("2026-11-23");
    expect(addBusinessDays("2026-11-27", 1)).toBe("2026-11-30");
  });
});

describe("returnDeadline", () => {
  it("counts from the latest expected delivery, across leap days", () => {
    expect(returnDeadline("2028-02-20", 30)).toBe("2028-03-21");
  });
  it("has no deadline when the store takes no returns", () => {
    expect(returnDeadline("2026-11-27", 0)).toBeUndefined();
  });
});
