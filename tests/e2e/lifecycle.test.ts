/**
 * Lifecycle moments end to end, on an accelerated clock: an order placed three weeks ago and delivered
 * days later is posted by the merchant's server now, so its whole welcome series is already due; the
 * worker's own minute cron (fired through wrangler dev's /__scheduled) sends it to a receiving endpoint,
 * signed, each moment once, however often the cron runs.
 */
import { describe, expect, inject, it } from "vitest";
import { ensureLocalSecretKey } from "../../scripts/lib/dev-vars.ts";
import { addWebhookEndpoint } from "../../scripts/lib/store-admin.ts";
import { armOf } from "../../worker/domain/offers/holdout.ts";
import { browserPerFile, watchedPage } from "./browser.ts";
import { eventually, queryD1 } from "./d1.ts";
import { sql } from "../../worker/storage/statement.ts";
import { merchantPost } from "./merchant.ts";
import { receiverPerFile, verify } from "./receiver.ts";

const demo = inject("demo");
const receiver = receiverPerFile();
const browser = browserPerFile();
const WELCOME = ["moment.order_confirmed", "moment.usage_tips", "moment.returns_help", "moment.loyalty"];

const runCron = async () => {
  const res = await fetch(`${demo.workerOrigin}/__scheduled?cron=${encodeURIComponent("* * * * *")}`);
  expect(res.ok).toBe(true);
};

describe("lifecycle moments, end to end", () => {
  it("a receiving endpoint gets the welcome series, in order, once", async () => {
    const { secret } = await addWebhookEndpoint(
      "demo",
      receiver.url(),
      [...WELCOME, "moment.delivered"],
      ensureLocalSecretKey(),
      { persistTo: demo.persistTo },
      {
        // The receiver is on 127.0.0.1: allowed only for local D1, and sent to only because the demo's
        // wrangler dev runs with OUTBOUND_ALLOW_LOOPBACK=true (worker/domain/webhook-target.ts).
        allowLoopback: true,
      },
    );
    const id = `LC-${Date.now()}`;
    // A customer the store's 10% holdout leaves in the treatment arm, with marketing consent, so the
    // marketing moments go out too.
    let customer = "";
    for (let i = 0; !customer; i++) if (armOf("demo", `lc-${id}-${i}`, 0.1) === "treatment") customer = `lc-${id}-${i}`;
    const day = 86_400_000;
    await merchantPost("/v1/orders", {
      id,
      placedAt: new Date(Date.now() - 20 * day).toISOString(),
      currency: "USD",
      customer: { id: customer, email: "welcome@example.com" },
      // Ticked at checkout: the welcome series' marketing moments (tips, loyalty) need it.
      marketingConsent: { email: { state: "granted" } },
      lines: [{ sku: "beacon-headlamp", name: "Beacon 400 Headlamp", family: "lighting", quantity: 1, unitPrice: 3900 }],
      total: 3900,
    });
    await merchantPost(`/v1/orders/${id}/shipments`, {
      id: `${id}-1`,
      carrier: "UPS",
      trackingNumber: `1Z${Date.now()}`,
      lines: [{ sku: "beacon-headlamp", quantity: 1 }],
    });
    await merchantPost(`/v1/shipments/${id}-1/events`, {
      id: "d",
      status: "delivered",
      occurredAt: new Date(Date.now() - 17 * day).toISOString(),
      location: "Denver, CO",
    });

    await Promise.all([runCron(), runCron()]);
    const mine = () => receiver.received.filter((r) => r.event.data.orderId === id);
    await eventually(
      async () => mine(),
      (list) => list.length >= 5,
      20_000,
    );
    await runCron();
    await new Promise((r) => setTimeout(r, 1000));

    const events = mine();
    expect(events.map((r) => r.event.type).sort()).toEqual([...WELCOME, "moment.delivered"].sort());
    // In the order a tool should send them: by when each was due.
    const welcome = events
      .filter((r) => WELCOME.includes(r.event.type))
      .sort((a, b) => String(a.event.data.dueAt).localeCompare(String(b.event.data.dueAt)));
    expect(welcome.map((r) => r.event.type)).toEqual(WELCOME);
    for (const r of events) {
      expect(verify(secret, r.headers, r.body)).toBe(true);
      expect(r.headers["doorstep-event-id"]).toBe(r.event.id);
    }
    const loyalty = welcome.at(-1)!.event.data;
    expect(loyalty).toMatchObject({ kind: "loyalty", marketing: true, channel: "email", contact: "welcome@example.com" });
    const link = String((loyalty.links as { status: string }).status);
    expect(link).toContain("/orders/status?order=");

    // The shopper follows the loyalty message's link, then orders again: the dashboard's figures count
    // the visit as the moment's click and the order as its conversion.
    const { page, problems } = await watchedPage(browser.context());
    await page.goto(link.replace(new URL(link).origin, demo.storeUrl));
    await page.locator('[data-doorstep="tracking"]').getByText("Beacon 400 Headlamp", { exact: false }).first().waitFor();
    // The click goes through the event queue (batched, sent within seconds) like every widget event.
    await eventually(
      () =>
        queryD1(
          sql(`SELECT 1 FROM widget_events WHERE store_id = 'demo' AND order_id = ? AND type = 'moment_click' AND target = 'loyalty'`, id),
        ),
      (rows) => rows.length === 1,
    );
    await merchantPost("/v1/orders", {
      id: `${id}-again`,
      placedAt: new Date().toISOString(),
      currency: "USD",
      customer: { id: customer, email: "welcome@example.com" },
      lines: [{ sku: "trail-sock-3pack", name: "Trail Sock 3-Pack", family: "socks", quantity: 1, unitPrice: 2400 }],
      total: 2400,
    });
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + day).toISOString().slice(0, 10);
    const metrics = await eventually(
      async () =>
        (await (
          await fetch(`${demo.workerOrigin}/v1/admin/metrics?from=${today}&to=${tomorrow}`, {
            headers: { Authorization: `Bearer ${demo.apiKey}` },
          })
        ).json()) as { moments: { kind: string; sent: number; clicks: number; conversions: number }[] },
      (m) => (m.moments.find((r) => r.kind === "loyalty")?.conversions ?? 0) >= 1,
    );
    expect(metrics.moments.find((r) => r.kind === "loyalty")).toMatchObject({ clicks: 1, conversions: 1 });
    expect(problems).toEqual([]);
  });
});
