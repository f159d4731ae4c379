import { describe, expect, it } from "vitest";
import { date, dateRange, dateTime, eventTime, money } from "../../../widget/i18n/format.ts";
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
    expect(dateTime(createI18n("en-US"), "soon")).toBe("soon");
    expect(eventTime(createI18n("en-US"), "")).toBe("");
  });

  // Instants are shown in the shopper's own time zone: the expectations are built from the Date's local
  // fields, so the table holds in any zone the suite runs in.
  const at = new Date(2026, 10, 24, 14, 5);
  it.each([
    ["en-US", dateTime, "November 24, 2026"],
    ["de-DE", dateTime, "24. November 2026"],
    ["en-US", eventTime, "Tue, Nov 24, 2:05 PM"],
    ["de-DE", eventTime, "Di., 24. Nov., 14:05"],
  ] as const)("%s %o of a local 2026-11-24 14:05 → %s", (locale, format, expected) => {
    const i18n = createI18n(locale);
    // ICU versions differ in the space before "PM" (a narrow no-break space, or a plain one).
    const shown = () => format(i18n, at.toISOString()).replace(/\s/g, " ");
    expect(shown()).toBe(expected);
    // Kept formatters answer the same the second time, and for another locale's turn in between.
    format(createI18n("fr-FR"), at.toISOString());
    expect(shown()).toBe(expected);
  });
});
