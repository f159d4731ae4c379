/**
 * The widget counts the API's minor units with ISO 4217's digits, the worker's platform mappings make
 * them with the same table, and neither is Intl's display digits (which differ for HUF, COP, IDR, PKR,
 * IQD …): a Hungarian order of 12 990 Ft arrives as 1 299 000 fillér and must show as 12 990 Ft.
 */
import { describe, expect, it } from "vitest";
import { currencyExponent } from "../../../worker/domain/platforms/money.ts";
import { minorDigits } from "../../../contract/currency.ts";
import { money } from "../../../widget/i18n/format.ts";
import { createI18n } from "../../../widget/i18n/index.ts";

const NBSP = "\u00a0";

describe("minor units", () => {
  it("are counted alike by the widget and the worker, for every currency Intl knows", () => {
    const differ = Intl.supportedValuesOf("currency").filter((code) => minorDigits(code) !== currencyExponent(code));
    expect(differ).toEqual([]);
  });

  it.each([
    ["en-US", "HUF", 1299000, `HUF${NBSP}12,990`],
    ["hu-HU", "HUF", 1299000, `12${NBSP}990${NBSP}Ft`],
    ["es-CO", "COP", 15990000, `$${NBSP}159.900`],
    ["en-US", "IQD", 25000000, `IQD${NBSP}25,000`],
    ["en-US", "IDR", 15000000, `IDR${NBSP}150,000`],
  ])("%s %s %i → %s (Intl shows fewer digits than ISO counts)", (locale, currency, minor, expected) => {
    expect(money(createI18n(locale), minor, currency)).toBe(expected);
  });
});
