/**
 * Consent kept apart, through the public API: the shopper's tracking-page choice (delivery updates, and
 * a separate marketing box), the merchant's news of consent (an unsubscribe), and the record of every
 * change with its time and source.
 */
import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BASE, ORIGIN, sampleOrder, storeWithOrder, uniqueId } from "./fixtures.ts";

const shopper = (token: string, body: unknown) =>
  SELF.fetch(`${BASE}/v1/o/${token}/preferences`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: ORIGIN },
    body: JSON.stringify(body),
  });

const merchant = (apiKey: string, customerId: string, body: unknown) =>
  SELF.fetch(`${BASE}/v1/admin/customers/${encodeURIComponent(customerId)}/consent`, {
    method: "PUT",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` },
    body: JSON.stringify(body),
  });

const view = async (token: string) =>
  (await (await SELF.fetch(`${BASE}/v1/o/${token}`, { headers: { Origin: ORIGIN } })).json()) as {
    updates: { channel: string } | null;
    marketing: { email: boolean; sms: boolean };
  };

const changes = async (storeId: string) =>
  (
    await env.DB.prepare(`SELECT purpose, channel, state, source FROM consent_changes WHERE store_id = ? ORDER BY recorded_at, rowid`)
      .bind(storeId)
      .all()
  ).results;

describe("consent", () => {
  it("keeps the tracking page's two choices apart, and records each change once", async () => {
    const { store, token } = await storeWithOrder(sampleOrder({ customer: { id: uniqueId("c"), email: "sam@example.com" } }));
    expect(await view(token)).toMatchObject({ updates: null, marketing: { email: false, sms: false } });

    // Delivery updates only: the box left unticked grants nothing (and withdraws nothing never given).
    let res = await shopper(token, { channel: "email", marketing: false });
    expect(await res.json()).toMatchObject({ channel: "email", marketing: { email: false, sms: false } });
    // Then the box: marketing by email.
    res = await shopper(token, { channel: "email", marketing: true });
    expect(await res.json()).toMatchObject({ channel: "email", marketing: { email: true, sms: false } });
    expect(await view(token)).toMatchObject({ updates: { channel: "email" }, marketing: { email: true, sms: false } });
    // The same again is no change.
    await shopper(token, { channel: "email", marketing: true });
    // Unticked: withdrawn.
    res = await shopper(token, { channel: "email", marketing: false });
    expect(await res.json()).toMatchObject({ marketing: { email: false } });

    expect(await changes(store.id)).toEqual([
      { purpose: "updates", channel: "email", state: "granted", source: "tracking_page" },
      { purpose: "marketing", channel: "email", state: "granted", source: "tracking_page" },
      { purpose: "marketing", channel: "email", state: "withdrawn", source: "tracking_page" },
    ]);
    // Marketing needs a channel: "none" with marketing true is refused, nothing recorded.
    res = await shopper(token, { channel: "none", marketing: true });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_values");
    expect(await changes(store.id)).toHaveLength(3);
  });

  it("takes the merchant's news of consent, newest first, and refuses what names nothing", async () => {
    const customer = uniqueId("c");
    const { store } = await storeWithOrder(
      sampleOrder({ customer: { id: customer, email: "sam@example.com" }, marketingConsent: { email: { state: "granted" } } }),
    );
    const later = new Date().toISOString();
    let res = await merchant(store.apiKey, customer, {
      email: { state: "withdrawn", at: later, source: "Klaviyo unsubscribe" },
      sms: { state: "pending" },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      customerId: customer,
      marketing: {
        email: { state: "withdrawn", at: later, source: "Klaviyo unsubscribe" },
        sms: { state: "pending", at: expect.any(String), source: "admin" },
      },
    });
    // An older grant arriving late changes nothing.
    res = await merchant(store.apiKey, customer, { email: { state: "granted", at: "2026-01-01T00:00:00Z" } });
    expect(((await res.json()) as { marketing: { email: { state: string } } }).marketing.email.state).toBe("withdrawn");

    expect((await merchant(store.apiKey, "nobody-here", { email: { state: "granted" } })).status).toBe(404);
    res = await merchant(store.apiKey, customer, {});
    expect(res.status).toBe(422);
    res = await merchant(store.apiKey, customer, { email: { state: "maybe" } });
    expect(res.status).toBe(422);
    res = await merchant(store.apiKey, customer, { push: { state: "granted" } });
    expect(res.status).toBe(422);
  });
});
