import { describe, expect, it } from "vitest";
import { contrast, readableBranding, readableOn } from "../../../worker/domain/contrast.ts";
import { branding } from "../../../worker/schemas/store.ts";

describe("contrast", () => {
  it.each([
    ["#000000", "#ffffff", 21],
    ["#ffffff", "#ffffff", 1],
    ["#767676", "#ffffff", 4.54],
    ["#1d5c4a", "#fbfaf7", 7.5],
  ])("%s on %s is %s:1 (WCAG's formula)", (a, b, ratio) => {
    expect(contrast(a, b)).toBeCloseTo(ratio, 1);
  });

  it("moves a foreground just far enough, towards black on light and white on dark", () => {
    const onLight = readableOn("#9ad0ff", "#ffffff");
    expect(contrast(onLight, "#ffffff")).toBeGreaterThanOrEqual(4.5);
    expect(contrast(onLight, "#ffffff")).toBeLessThan(6);
    const onDark = readableOn("#333366", "#101018");
    expect(contrast(onDark, "#101018")).toBeGreaterThanOrEqual(4.5);
    expect(readableOn("#1d5c4a", "#ffffff")).toBe("#1d5c4a");
  });
});

describe("readableBranding", () => {
  it("leaves readable branding alone and says nothing", () => {
    const b = branding.parse({ primaryColor: "#1d5c4a", onPrimaryColor: "#ffffff", backgroundColor: "#fbfaf7", textColor: "#1f2421" });
    expect(readableBranding(b)).toEqual({ branding: b, adjustments: [] });
  });

  it("fixes every unreadable pair and reports each change", () => {
    const b = branding.parse({ primaryColor: "#ffd400", onPrimaryColor: "#ffffff", backgroundColor: "#ffffff", textColor: "#c8c8c8" });
    const { branding: fixed, adjustments } = readableBranding(b);
    // A darker yellow reads on white, and so does the white button text on it: two changes.
    expect(adjustments.map((a) => `${a.color}/${a.against}`)).toEqual(["textColor/backgroundColor", "primaryColor/backgroundColor"]);
    expect(contrast(fixed.textColor, fixed.backgroundColor)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(fixed.primaryColor, fixed.backgroundColor)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(fixed.onPrimaryColor, fixed.primaryColor)).toBeGreaterThanOrEqual(4.5);
    expect(adjustments[0]).toMatchObject({ from: "#c8c8c8", ratio: 1.67 });
    const dark = readableBranding(branding.parse({ primaryColor: "#1d5c4a", onPrimaryColor: "#2a2a2a" }));
    expect(dark.adjustments.map((a) => a.color)).toEqual(["onPrimaryColor"]);
    expect(contrast(dark.branding.onPrimaryColor, "#1d5c4a")).toBeGreaterThanOrEqual(4.5);
  });
});

describe("readableBranding, dark palette", () => {
  it("serves no dark palette unless the store follows the shopper's scheme", () => {
    const b = branding.parse({ dark: { backgroundColor: "#000000" } });
    expect(readableBranding(b).branding.dark).toBeUndefined();
  });

  it("derives a readable dark palette from the brand, without reporting what it derived", () => {
    const { branding: served, adjustments } = readableBranding(branding.parse({ colorScheme: "auto", primaryColor: "#1d5c4a" }));
    const d = served.dark!;
    // A dark background with the light brand's primary lightened until links read on it.
    expect(contrast(d.backgroundColor!, "#000000")).toBeLessThan(1.5);
    expect(contrast(d.textColor!, d.backgroundColor!)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(d.primaryColor!, d.backgroundColor!)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(d.onPrimaryColor!, d.primaryColor!)).toBeGreaterThanOrEqual(4.5);
    expect(d.primaryColor).not.toBe("#1d5c4a");
    expect(adjustments).toEqual([]);
    expect(served.primaryColor).toBe("#1d5c4a");
  });

  it("keeps the merchant's dark colours where they read, and reports those it had to change", () => {
    const b = branding.parse({ colorScheme: "auto", dark: { backgroundColor: "#101418", textColor: "#e8e8e8", primaryColor: "#2a4a8a" } });
    const { branding: served, adjustments } = readableBranding(b);
    expect(served.dark).toMatchObject({ backgroundColor: "#101418", textColor: "#e8e8e8" });
    expect(adjustments).toEqual([
      expect.objectContaining({ color: "primaryColor", scheme: "dark", from: "#2a4a8a", against: "backgroundColor" }),
    ]);
    expect(contrast(served.dark!.primaryColor!, "#101418")).toBeGreaterThanOrEqual(4.5);
    expect(adjustments[0]!.ratio).toBeLessThan(4.5);
  });
});
