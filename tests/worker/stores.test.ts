import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { StorePublicConfig } from "../../contract/store-config.ts";
import { contrast } from "../../worker/domain/contrast.ts";
import { storeSettings } from "../../worker/schemas/store.ts";
import { BASE, createStore, errorOf, ORIGIN } from "./fixtures.ts";

describe("GET /v1/stores/{storeId}/config", () => {
  it("answers branding, contacts and policies, and nothing secret", async () => {
    const store = await createStore({ branding: { primaryColor: "#0a7d5a", radius: 4 } });
    const res = await SELF.fetch(`${BASE}/v1/stores/${store.id}/config`, { headers: { Origin: ORIGIN } });
    expect(res.status).toBe(200);
    const config = (await res.json()) as StorePublicConfig;
    expect(config).toMatchObject({
      id: store.id,
      name: "Acme Outdoor",
      branding: { primaryColor: "#0a7d5a", radius: 4, onPrimaryColor: "#ffffff" },
      support: { email: "help@shop.example" },
      returnPolicy: { days: 30 },
    });
    const text = JSON.stringify(config);
    for (const secret of ["api_key", "apiKey", "webhook", "origins", "dsk_", "dsw_"]) expect(text).not.toContain(secret);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
  });

  it("serves brand colours that fail contrast adjusted until they read (WCAG AA)", async () => {
    const store = await createStore({ branding: { primaryColor: "#ffd400", backgroundColor: "#ffffff", textColor: "#c8c8c8" } });
    const config = (await (await SELF.fetch(`${BASE}/v1/stores/${store.id}/config`)).json()) as StorePublicConfig;
    expect(contrast(config.branding.textColor, config.branding.backgroundColor)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(config.branding.primaryColor, config.branding.backgroundColor)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(config.branding.onPrimaryColor, config.branding.primaryColor)).toBeGreaterThanOrEqual(4.5);
    expect(config.branding.backgroundColor).toBe("#ffffff");
  });

  it("serves a readable dark palette only to a store on colorScheme auto (additive: light stores are unchanged)", async () => {
    const light = await createStore({ branding: { primaryColor: "#0a7d5a", dark: { backgroundColor: "#000000" } } });
    const lightConfig = (await (await SELF.fetch(`${BASE}/v1/stores/${light.id}/config`)).json()) as StorePublicConfig;
    expect(lightConfig.branding.colorScheme).toBe("light");
    expect(lightConfig.branding.dark).toBeUndefined();

    const auto = await createStore({
      branding: { primaryColor: "#0a7d5a", colorScheme: "auto", dark: { backgroundColor: "#111111", primaryColor: "#0a3d2a" } },
    });
    const config = (await (await SELF.fetch(`${BASE}/v1/stores/${auto.id}/config`)).json()) as StorePublicConfig;
    const dark = config.branding.dark!;
    expect(config.branding).toMatchObject({ colorScheme: "auto", primaryColor: "#0a7d5a" });
    expect(dark.backgroundColor).toBe("#111111");
    // The merchant's dark primary is too dark to read on their dark background: served lighter.
    expect(dark.primaryColor).not.toBe("#0a3d2a");
    expect(contrast(dark.primaryColor!, dark.backgroundColor!)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(dark.textColor!, dark.backgroundColor!)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(dark.onPrimaryColor!, dark.primaryColor!)).toBeGreaterThanOrEqual(4.5);
    expect(storeSettings.safeParse({ name: "x", origins: [ORIGIN], branding: { colorScheme: "dark" } }).success).toBe(false);
    expect(storeSettings.safeParse({ name: "x", origins: [ORIGIN], branding: { dark: { textColor: "white" } } }).success).toBe(false);
  });

  it("serves the store's own wording; a malformed key or language is refused when it is set", async () => {
    const store = await createStore({ messages: { en: { thanks: "Cheers!" }, "de-AT": { thanks: "Servus, danke!" } } });
    const config = (await (await SELF.fetch(`${BASE}/v1/stores/${store.id}/config`)).json()) as StorePublicConfig;
    expect(config.messages).toEqual({ en: { thanks: "Cheers!" }, "de-AT": { thanks: "Servus, danke!" } });
    expect(storeSettings.safeParse({ name: "x", origins: [ORIGIN], messages: { en: { "<b>": "x" } } }).success).toBe(false);
    expect(storeSettings.safeParse({ name: "x", origins: [ORIGIN], messages: { "../x": { thanks: "x" } } }).success).toBe(false);
  });

  it("no CORS for an origin the store did not register", async () => {
    const store = await createStore();
    const res = await SELF.fetch(`${BASE}/v1/stores/${store.id}/config`, { headers: { Origin: "https://evil.example" } });
    expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("404 store_not_found for unknown and malformed ids", async () => {
    for (const id of ["no-such-store", "Bad%20Id"]) {
      const res = await SELF.fetch(`${BASE}/v1/stores/${id}/config`);
      expect(res.status).toBe(404);
      expect((await errorOf(res)).code).toBe("store_not_found");
    }
  });
});

describe("anything else", () => {
  it("answers JSON 404 not_found, never HTML", async () => {
    const res = await SELF.fetch(`${BASE}/v1/nope`);
    expect(res.status).toBe(404);
    expect(res.headers.get("Content-Type")).toContain("application/json");
    expect((await errorOf(res)).code).toBe("not_found");
  });
});
