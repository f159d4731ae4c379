import { describe, expect, it } from "vitest";
import { de } from "../../../widget/i18n/de.ts";
import { en } from "../../../widget/i18n/en.ts";
import { createI18n, loadMessages } from "../../../widget/i18n/index.ts";
import { API } from "../fixtures.ts";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("message catalogues", () => {
  it("German has exactly the English keys", () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
  });

  it("every German message is filled in and uses the same placeholders", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(de[key].trim(), key).not.toBe("");
      expect(placeholders(de[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it("loads the catalogue by language and falls back to English", async () => {
    expect(await loadMessages(API, "de-AT")).toBe(de);
    expect(await loadMessages(API, "DE")).toBe(de);
    expect(await loadMessages(API, "fr-FR")).toBe(en);
  });

  it("fills placeholders", () => {
    expect(createI18n("en-US").t("orderNumber", { number: "1042" })).toBe("Order 1042");
    expect(createI18n("de-DE", de).t("orderNumber", { number: "1042" })).toBe("Bestellung 1042");
  });
});
