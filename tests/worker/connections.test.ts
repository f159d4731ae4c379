/**
 * The connection model shared by platforms, aggregators and message destinations: linked through the
 * admin API (and store:connect), credentials sealed at rest, listed without them.
 */
import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../worker/crypto/hash.ts";
import { randomToken } from "../../worker/crypto/random.ts";
import { loginCodeStatement } from "../../worker/storage/dashboard.ts";
import { BASE, createStore, errorOf } from "./fixtures.ts";

const call = (credential: string, path: string, init: RequestInit = {}) =>
  SELF.fetch(`${BASE}/v1/admin/connections${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${credential}`, "Content-Type": "application/json" },
  });
const put = (credential: string, provider: string, body: unknown) =>
  call(credential, `/${provider}`, { method: "PUT", body: JSON.stringify(body) });

describe("store connections", () => {
  it("connects Shopify: answers the webhook URL and topics, and keeps the secret sealed", async () => {
    const store = await createStore();
    const res = await put(store.apiKey, "shopify", {
      shop: "Acme-Outfitters.myshopify.com",
      secret: "shpss_0123456789abcdef",
      token: "shpat_0123456789abcdef",
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { webhookUrl: string; topics: string[]; kind: string };
    expect(body.webhookUrl).toBe(`${BASE}/v1/platforms/shopify/${store.id}`);
    expect(body.kind).toBe("platform");
    expect(body.topics).toEqual(
      expect.arrayContaining(["orders/create", "fulfillment_events/create", "customers/redact", "shop/redact", "app/uninstalled"]),
    );
    const row = await env.DB.prepare(`SELECT settings, secrets_sealed FROM store_connections WHERE store_id = ? AND provider = 'shopify'`)
      .bind(store.id)
      .first<{ settings: string; secrets_sealed: string }>();
    expect(JSON.parse(row!.settings)).toEqual({ shop: "acme-outfitters.myshopify.com" });
    expect(row!.secrets_sealed).toMatch(/^v1\./);
    expect(row!.secrets_sealed).not.toContain("shpss_");
    expect(row!.secrets_sealed).not.toContain("shpat_");
  });

  it("keeps WooCommerce's consent meta key as a setting, shown in the list, and drops it when connected again without it", async () => {
    const store = await createStore();
    const woo = { site: "https://shop.example", secret: "wc-secret-0123456789" };
    expect((await put(store.apiKey, "woocommerce", { ...woo, consentMetaKey: " newsletter_optin " })).status).toBe(200);
    const settings = async () =>
      JSON.parse(
        (await env.DB.prepare(`SELECT settings FROM store_connections WHERE store_id = ? AND provider = 'woocommerce'`)
          .bind(store.id)
          .first<string>("settings"))!,
      );
    expect(await settings()).toEqual({ site: "https://shop.example", consentMetaKey: "newsletter_optin" });
    expect((await put(store.apiKey, "woocommerce", woo)).status).toBe(200);
    expect(await settings()).toEqual({ site: "https://shop.example" });
  });

  it("lists connections with status and traffic, never a credential; an owner's session may look and connect", async () => {
    const store = await createStore();
    await put(store.apiKey, "woocommerce", {
      site: "https://shop.example/",
      secret: "wc-secret-0123456789",
      key: "ck_0123456789",
      consumerSecret: "cs_0123456789",
    });
    await put(store.apiKey, "easypost", { apiKey: "EZAK0123456789abcdef" });
    const code = `dsl_${randomToken(32)}`;
    const login = loginCodeStatement(await sha256Hex(code), store.id, new Date(Date.now() + 60_000).toISOString());
    await env.DB.prepare(login.sql)
      .bind(...login.params)
      .run();
    const session = (
      (await (
        await SELF.fetch(`${BASE}/v1/admin/session`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ code }),
        })
      ).json()) as { token: string }
    ).token;

    const list = await call(session, "");
    expect(list.status).toBe(200);
    const text = await list.text();
    for (const secret of ["wc-secret", "ck_0123456789", "cs_0123456789", "EZAK0123456789"]) expect(text).not.toContain(secret);
    const { connections } = JSON.parse(text) as { connections: { platform: string; settings: Record<string, string>; status: string }[] };
    expect(connections.map((c) => c.platform).sort()).toEqual(["easypost", "woocommerce"]);
    expect(connections.find((c) => c.platform === "woocommerce")!.settings).toEqual({ site: "https://shop.example" });

    // An owner's session may connect since issue 26 (settings:write); other roles: see connection-admin.test.ts.
    const connected = await put(session, "klaviyo", { apiKey: "pk_0123456789abcdef" });
    expect(connected.status).toBe(200);
    expect(await connected.text()).not.toContain("pk_0123456789abcdef");
  });

  it.each([
    ["shopify", { shop: "acme.example.com", secret: "0123456789abcdef" }, "shop"],
    ["shopify", { shop: "acme.myshopify.com" }, "secret"],
    ["shopify", { shop: "acme.myshopify.com", secret: "0123456789abcdef", tokn: "x" }, "tokn"],
    ["woocommerce", { site: "ftp://shop.example", secret: "0123456789abcdef" }, "site"],
    ["woocommerce", { site: "https://shop.example", secret: "0123456789abcdef", key: "ck_0123456789" }, "consumerSecret"],
    ["woocommerce", { site: "https://shop.example", secret: "0123456789abcdef", consentMetaKey: "opt\nin" }, "consentMetaKey"],
    ["woocommerce", { site: "https://shop.example", secret: "0123456789abcdef", consentMetaKey: "  " }, "consentMetaKey"],
    ["shopify", { shop: "acme.myshopify.com", secret: "0123456789abcdef", consentMetaKey: "optin" }, "consentMetaKey"],
    ["klaviyo", { apiKey: "pk 0123 4567" }, "apiKey"],
  ])("refuses a bad %s connection, naming the field", async (provider, body, field) => {
    const store = await createStore();
    const res = await put(store.apiKey, provider, body);
    expect(res.status).toBe(422);
    const error = await errorOf(res);
    expect(error.code).toBe("invalid_values");
    expect((error.details as { path: string }[]).map((d) => d.path)).toContain(field);
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM store_connections WHERE store_id = ?`).bind(store.id).first("n")).toBe(0);
  });

  it("refuses an unknown provider, replaces on reconnect, and disconnects", async () => {
    const store = await createStore();
    expect((await put(store.apiKey, "bigcommerce", { apiKey: "0123456789abcdef" })).status).toBe(422);
    await put(store.apiKey, "aftership", { apiKey: "asat_first_0123456789" });
    await put(store.apiKey, "aftership", { apiKey: "asat_second_0123456789" });
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM store_connections WHERE store_id = ?`).bind(store.id).first("n")).toBe(1);
    expect((await call(store.apiKey, "/aftership", { method: "DELETE" })).status).toBe(204);
    const again = await call(store.apiKey, "/aftership", { method: "DELETE" });
    expect(again.status).toBe(404);
    expect((await errorOf(again)).code).toBe("connection_not_found");
  });
});
