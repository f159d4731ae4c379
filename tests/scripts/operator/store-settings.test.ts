/**
 * `store:create` / `store:update` settings (issue 17, item 8): a key the settings do not have is refused
 * by name, at any depth, instead of being dropped while the setting it meant went back to its default;
 * an update says which settings its file left out (a full replace).
 */
import { describe, expect, it } from "vitest";
import { defaultedSettings, OperatorError, parseSettings } from "../../../scripts/lib/store-admin.ts";

const base = { name: "Acme", origins: ["https://acme.example"] };

describe("store settings from --config", () => {
  it.each([
    [{ statuspageUrl: "https://acme.example/s/{token}" }, "statuspageUrl"],
    [{ branding: { primaryColour: "#112233" } }, "branding.primaryColour"],
    [{ branding: { colorScheme: "auto", dark: { textColour: "#eeeeee" } } }, "branding.dark.textColour"],
    [{ support: { mail: "help@acme.example" } }, "support.mail"],
    [{ returnPolicy: { day: 14 } }, "returnPolicy.day"],
    [{ shipping: { processingDays: 1, ifLat: "We refund shipping." } }, "shipping.ifLat"],
    [{ feedback: { usedays: { shoes: 14 } } }, "feedback.usedays"],
  ])("refuses %j, naming %s", (extra, path) => {
    expect(() => parseSettings({ ...base, ...extra })).toThrow(OperatorError);
    expect(() => parseSettings({ ...base, ...extra })).toThrow(new RegExp(`  ${path.replace(/\./g, "\\.")}: is not a known field`));
  });

  it("accepts every documented setting", () => {
    expect(() =>
      parseSettings({
        ...base,
        branding: { primaryColor: "#1d5c4a", colorScheme: "auto", dark: { backgroundColor: "#111111" } },
        support: { email: "help@acme.example", hours: "9-5" },
        returnPolicy: { days: 14 },
        shipping: { processingDays: 2, ifLate: "We refund shipping." },
        feedback: { useDays: { shoes: 14 } },
        messages: { en: { thanks: "Cheers!" } },
        defaultLocale: "en",
        locales: ["en", "de"],
        statusPageUrl: "https://acme.example/s/{token}",
      }),
    ).not.toThrow();
  });

  it("names the settings an update's file left out, which a full replace puts back to their defaults", () => {
    expect(defaultedSettings({ ...base, branding: { primaryColor: "#112233" } }).sort()).toEqual(
      ["analytics", "defaultLocale", "feedback", "locales", "messages", "returnPolicy", "shipping", "statusPageUrl", "support"].sort(),
    );
  });
});
