import { describe, expect, it } from "vitest";
import { currencyExponent, toMinor } from "../../../../worker/domain/platforms/money.ts";

describe("platform money in minor units (ISO 4217 exponents)", () => {
  it.each([
    ["19.99", "USD", 1999],
    ["19.999", "USD", 2000],
    ["0.005", "EUR", 1],
    ["1500", "JPY", 1500],
    ["1500.00", "JPY", 1500],
    ["1499.5", "JPY", 1500],
    ["12.500", "KWD", 12500],
    ["1.2875", "KWD", 1288],
    ["3", "KWD", 3000],
    ["0.750", "BHD", 750],
    ["250", "IQD", 250000],
    ["10", "CLF", 100000],
    ["-2.50", "USD", -250],
    [".5", "USD", 50],
    ["", "USD", 0],
    ["abc", "USD", 0],
    [null, "USD", 0],
    [undefined, "USD", 0],
    [18, "USD", 1800],
    [33.333333, "EUR", 3333],
  ] as const)("%s %s → %i", (amount, currency, minor) => {
    expect(toMinor(amount, currency)).toBe(minor);
  });

  it("knows the exponents that are not 2", () => {
    expect([
      currencyExponent("JPY"),
      currencyExponent("krw"),
      currencyExponent("KWD"),
      currencyExponent("USD"),
      currencyExponent("HUF"),
    ]).toEqual([0, 0, 3, 2, 2]);
  });
});
