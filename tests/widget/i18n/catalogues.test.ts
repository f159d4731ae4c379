import { describe, expect, it } from "vitest";
import { de } from "../../../widget/i18n/de.ts";
import { en } from "../../../widget/i18n/en.ts";
import { catalogueFor, createI18n } from "../../../widget/i18n/index.ts";

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

  it("picks the catalogue by language and falls back to English", () => {
    expect(catalogueFor("de-AT")).toBe(de);
    expect(catalogueFor("DE")).toBe(de);
    expect(catalogueFor("fr-FR")).toBe(en);
  });

  it("fills placeholders", () => {
    expect(createI18n("en-US").t("orderNumber", { number: "1042" })).toBe("Order 1042");
    expect(createI18n("de-DE").t("orderNumber", { number: "1042" })).toBe("Bestellung 1042");
  });
});
