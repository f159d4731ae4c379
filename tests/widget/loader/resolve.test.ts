import { describe, expect, it } from "vitest";
import { resolveLocale, resolveToken } from "../../../widget/context.ts";

describe("order token", () => {
  it("prefers data-order on the element", () => {
    expect(resolveToken("tok_element", "https://shop.test/thank-you?order=tok_url")).toBe("tok_element");
  });
  it("falls back to ?order= in the page URL", () => {
    expect(resolveToken(undefined, "https://shop.test/thank-you?utm_source=x&order=tok_url")).toBe("tok_url");
    expect(resolveToken("  ", "https://shop.test/thank-you?order=tok_url")).toBe("tok_url");
  });
  it("is undefined when neither has one", () => {
    expect(resolveToken(null, "https://shop.test/thank-you")).toBeUndefined();
    expect(resolveToken(null, "https://shop.test/thank-you?order=")).toBeUndefined();
    expect(resolveToken(null, "not a url")).toBeUndefined();
  });
});

describe("locale", () => {
  it("takes the first usable candidate: data-locale, then the order's, then the browser's", () => {
    expect(resolveLocale("de-DE", "en-US", "fr-FR")).toBe("de-DE");
    expect(resolveLocale(undefined, "en-US", "fr-FR")).toBe("en-US");
    expect(resolveLocale(undefined, undefined, "fr-FR")).toBe("fr-FR");
  });
  it("canonicalises what merchants type and skips what is not a locale", () => {
    expect(resolveLocale("de_de")).toBe("de-DE");
    expect(resolveLocale("!!", "", "ja-jp")).toBe("ja-JP");
  });
  it("ends in English", () => {
    expect(resolveLocale(undefined, null, "")).toBe("en");
  });
});
