import { describe, expect, it } from "vitest";
import { applyTheme } from "../../../widget/mount.ts";

// The stylesheet's side (the dark palette under prefers-color-scheme: dark) is checked in Chromium: tests/e2e/a11y.test.ts.
describe("applyTheme", () => {
  it("sets the brand's colours, and the dark palette when the store sends one (else the brand's again)", () => {
    const light = document.createElement("div");
    applyTheme(light, { primaryColor: "#0f5c4d", backgroundColor: "#fbfaf7", radius: 4 });
    expect(light.style.getPropertyValue("--ds-primary")).toBe("#0f5c4d");
    expect(light.style.getPropertyValue("--ds-radius")).toBe("4px");
    // No dark palette: the brand's own colours stand for dark too (base.css switches to --ds-dark-*).
    expect(light.style.getPropertyValue("--ds-dark-bg")).toBe("#fbfaf7");
    expect(light.style.getPropertyValue("--ds-dark-primary")).toBe("#0f5c4d");
    expect(light.style.getPropertyValue("--ds-scheme")).toBe("");

    const auto = document.createElement("div");
    applyTheme(auto, {
      colorScheme: "auto",
      primaryColor: "#0f5c4d",
      dark: { primaryColor: "#7fd1b9", onPrimaryColor: "#0b0b0b", backgroundColor: "#131615", textColor: "#ececef" },
    });
    expect(auto.style.getPropertyValue("--ds-primary")).toBe("#0f5c4d");
    expect(auto.style.getPropertyValue("--ds-dark-primary")).toBe("#7fd1b9");
    expect(auto.style.getPropertyValue("--ds-dark-on-primary")).toBe("#0b0b0b");
    expect(auto.style.getPropertyValue("--ds-dark-bg")).toBe("#131615");
    expect(auto.style.getPropertyValue("--ds-dark-text")).toBe("#ececef");
    expect(auto.style.getPropertyValue("--ds-scheme")).toBe("light dark");
  });
});
