import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { BrandingAnswer } from "../../contract/admin.ts";
import { BASE, createStore } from "./fixtures.ts";

const get = (apiKey: string) => SELF.fetch(`${BASE}/v1/admin/branding`, { headers: { Authorization: `Bearer ${apiKey}` } });

describe("GET /v1/admin/branding", () => {
  it("lists each brand colour served adjusted for contrast: given, served and both ratios", async () => {
    const store = await createStore({
      branding: {
        primaryColor: "#ffd400",
        backgroundColor: "#ffffff",
        textColor: "#c8c8c8",
        colorScheme: "auto",
        dark: { backgroundColor: "#101418", primaryColor: "#2a4a8a" },
      },
    });
    const res = await get(store.apiKey);
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    const body = (await res.json()) as BrandingAnswer;
    expect(body.colorScheme).toBe("auto");
    expect(body.adjustments.map((a) => `${a.scheme}:${a.color}/${a.against}`)).toEqual([
      "light:textColor/backgroundColor",
      "light:primaryColor/backgroundColor",
      "dark:primaryColor/backgroundColor",
    ]);
    expect(body.adjustments[0]).toMatchObject({ from: "#c8c8c8", ratio: 1.67 });
    for (const a of body.adjustments) {
      expect(a.to).not.toBe(a.from);
      expect(a.ratio).toBeLessThan(4.5);
      expect(a.servedRatio).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("answers no adjustments for a readable brand, and 401 without a credential", async () => {
    const store = await createStore({ branding: { primaryColor: "#1d5c4a", backgroundColor: "#fbfaf7", textColor: "#1f2421" } });
    expect(await (await get(store.apiKey)).json()).toEqual({ colorScheme: "light", adjustments: [] });
    expect((await SELF.fetch(`${BASE}/v1/admin/branding`)).status).toBe(401);
  });
});
