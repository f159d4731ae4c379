import { describe, expect, it } from "vitest";
import { date, dateRange, money } from "../../../widget/i18n/format.ts";
import { createI18n } from "../../../widget/i18n/index.ts";

const NBSP = "\u00a0";
/** ICU puts thin spaces around the dash of a range. */
const DASH = "\u2009–\u2009";

describe("money", () => {
  it.each([
    ["en-US", "USD", 123450, "$1,234.50"],
    ["en-US", "USD", -2030, "-$20.30"],
    ["de-DE", "EUR", 123450, `1.234,50${NBSP}€`],
    // JPY has no minor unit: 1500 in the API is ¥1,500, not ¥15.00.
    ["ja-JP", "JPY", 1500, "￥1,500"],
    // KWD has three: 1234 fils is 1.234 dinars.
    ["en-US", "KWD", 1234, `KWD${NBSP}1.234`],
  ])("%s %s %i → %s", (locale, currency, minor, expected) => {
    expect(money(createI18n(locale), minor, currency)).toBe(expected);
  });

  it("does not throw on an unknown currency code", () => {
    expect(money(createI18n("en-US"), 1999, "NOPE")).toBe("19.99 NOPE");
  });
});

describe("dates", () => {
  it("formats calendar dates without shifting them by the time zone", () => {
    expect(date(createI18n("en-US"), "2027-01-01")).toBe("January 1, 2027");
    expect(date(createI18n("de-DE"), "2027-01-01")).toBe("1. Januar 2027");
  });

  it("formats a delivery window as one range", () => {
    expect(dateRange(createI18n("en-US"), "2026-11-27", "2026-12-02")).toBe(`Fri, Nov 27${DASH}Wed, Dec 2`);
    expect(dateRange(createI18n("de-DE"), "2026-11-27", "2026-12-02")).toBe(`Fr., 27. Nov.${DASH}Mi., 2. Dez.`);
    expect(dateRange(createI18n("en-US"), "2026-11-27", "2026-11-27")).toBe("Fri, Nov 27");
  });

  it("leaves a malformed date as it came", () => {
    expect(date(createI18n("en-US"), "soon")).toBe("soon");
  });
});
