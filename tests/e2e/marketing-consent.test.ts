/**
 * Delivery updates and marketing kept apart, end to end: the demo store connects Klaviyo (the worker's
 * KLAVIYO_API_URL points at the local stand-in, tests/stand-ins/aggregators.ts); a shopper who gave no
 * marketing consent at checkout opens the tracking page in Chromium and chooses email updates only.
 * The merchant's backfill run sends the order's service moments to Klaviyo and withholds the marketing
 * ones; the shopper then ticks the separate news-and-offers box, which D1 records with its time and
 * source, and marketing reaches Klaviyo from then on. A review link from one of those events opens
 * that item's review with the stars chosen.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { armOf } from "../../worker/domain/offers/holdout.ts";
import { sql } from "../../worker/storage/statement.ts";
import { browserPerFile, watchedPage } from "./browser.ts";
import { eventually, queryD1 } from "./d1.ts";
import { merchantPost } from "./merchant.ts";

const demo = inject("demo");
const browser = browserPerFile();
const DAY = 86_400_000;
const KLAVIYO_KEY = `pk_e2e_${Date.now().toString(36)}`;
const MARKETING = ["Doorstep Usage Tips", "Doorstep Loyalty", "Doorstep Reorder", "Doorstep Upsell", "Doorstep Replenishment"];

const admin = (path: string, init: RequestInit = {}) =>
  fetch(`${demo.workerOrigin}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${demo.apiKey}`, "Content-Type": "application/json" },
  });

interface KlaviyoEvent {
  apiKey: string;
  metric: string;
  profile: { email?: string; external_id?: string };
  properties: Record<string, unknown> & {
    orderId: string;
    consent: { basis: string; channel: string; consent?: { state: string; source: string } };
    order?: { items: { sku: string; review?: { link: string; stars: string[] } }[] };
  };
  unique_id: string;
}

interface Moment {
  kind: string;
  marketing: boolean;
  status: string;
  reason: string | null;
  eventId: string | null;
}

/** What the Klaviyo stand-in recorded under this file's key for one customer. */
const klaviyoEventsOf = async (customer: string) =>
  ((await (await fetch(`${demo.aggregatorStandIn}/__stand-in/klaviyo/events`)).json()) as { events: KlaviyoEvent[] }).events.filter(
    (e) => e.apiKey === KLAVIYO_KEY && e.profile.external_id === customer,
  );

const momentsOf = async (orderId: string) =>
  ((await (await admin(`/v1/admin/orders/${orderId}/moments`)).json()) as { moments: Moment[] }).moments;

/** The merchant's backfill (POST /v1/admin/moments/run): sends what is due and delivers it now. */
const runMoments = async () => expect((await admin("/v1/admin/moments/run?days=30", { method: "POST" })).status).toBe(200);

/** The metric Doorstep names a moment kind by in Klaviyo: "Doorstep Order Confirmed". */
const metricOf = (kind: string) =>
  `Doorstep ${kind.replace(/(^|_)(\w)/g, (_, sep: string, c: string) => (sep ? " " : "") + c.toUpperCase())}`;

/**
 * Runs the moments until every sent moment of the order has reached Klaviyo (each run delivers a
 * bounded batch, and every order the other files left in the demo store may be due too: a run can take
 * a while on two cores). Answers the order's moments.
 */
async function sendAndDeliver(orderId: string, customer: string): Promise<Moment[]> {
  let moments: Moment[] = [];
  await eventually(
    async () => {
      await runMoments();
      moments = await momentsOf(orderId);
      const sent = new Set((await klaviyoEventsOf(customer)).map((e) => e.unique_id));
      return moments.filter((m) => m.status === "sent").every((m) => sent.has(m.eventId!));
    },
    (done) => done,
    90_000,
  );
  return moments;
}

/** An order placed 20 days ago and delivered 17 days ago: its welcome series is due today, marketing included. */
async function deliveredOrder(id: string, customer: string, email: string, lines: { sku: string; name: string; unitPrice: number }[]) {
  const { orderToken } = await merchantPost("/v1/orders", {
    id,
    placedAt: new Date(Date.now() - 20 * DAY).toISOString(),
    currency: "USD",
    customer: { id: customer, email },
    lines: lines.map((l) => ({ ...l, quantity: 1 })),
    total: lines.reduce((sum, l) => sum + l.unitPrice, 0),
  });
  await merchantPost(`/v1/orders/${id}/shipments`, {
    id: `${id}-1`,
    carrier: "UPS",
    trackingNumber: `1ZMC${Date.now()}`,
    lines: lines.map((l) => ({ sku: l.sku, quantity: 1 })),
  });
  await merchantPost(`/v1/shipments/${id}-1/events`, {
    id: "t",
    status: "in_transit",
    occurredAt: new Date(Date.now() - 19 * DAY).toISOString(),
  });
  await merchantPost(`/v1/shipments/${id}-1/events`, {
    id: "d",
    status: "delivered",
    occurredAt: new Date(Date.now() - 17 * DAY).toISOString(),
  });
  return orderToken!;
}

beforeAll(async () => {
  const res = await admin("/v1/admin/connections/klaviyo", { method: "PUT", body: JSON.stringify({ apiKey: KLAVIYO_KEY }) });
  expect(res.status, await res.clone().text()).toBe(200);
});

// The demo store is shared with the other end-to-end files: it is left as it was found.
afterAll(() => admin("/v1/admin/connections/klaviyo", { method: "DELETE" }));

describe("delivery updates and marketing, chosen apart on the tracking page", () => {
  it("email updates only: service moments reach Klaviyo, marketing does not; the ticked box lets marketing through from then on", async () => {
    const id = `MC-${Date.now()}`;
    // A customer the store's 10% holdout leaves in the treatment arm: the holdout would withhold marketing anyway.
    let customer = "";
    for (let i = 0; !customer; i++) if (armOf("demo", `mc-${id}-${i}`, 0.1) === "treatment") customer = `mc-${id}-${i}`;
    const email = `${id.toLowerCase()}@example.com`;
    const token = await deliveredOrder(id, customer, email, [
      { sku: "beacon-headlamp", name: "Beacon 400 Headlamp", unitPrice: 3900 },
      { sku: "trail-sock-3pack", name: "Trail Sock 3-Pack", unitPrice: 2400 },
    ]);

    // The shopper's tracking page: delivery updates by email, the news-and-offers box left as it is.
    const { page, problems } = await watchedPage(browser.context());
    await page.goto(`${demo.storeUrl}/orders/status?order=${token}`);
    const root = page.locator('[data-doorstep="tracking"]');
    const offersBox = root.getByRole("checkbox", { name: /news and offers by email/ });
    await offersBox.waitFor();
    expect(await offersBox.isChecked()).toBe(false);
    expect(await root.getByRole("radio", { name: "Email" }).isChecked()).toBe(true);
    await root.getByRole("button", { name: "Save" }).click();
    await root
      .getByRole("status")
      .filter({ hasText: /^Saved\. Updates go to / })
      .waitFor();
    expect(await queryD1(sql(`SELECT channel FROM order_preferences WHERE store_id = 'demo' AND order_id = ?`, id))).toEqual([
      { channel: "email" },
    ]);
    expect(await queryD1(sql(`SELECT 1 FROM marketing_consents WHERE store_id = 'demo' AND customer_id = ?`, customer))).toEqual([]);

    // The merchant's run: the order's service moments go to Klaviyo; its marketing is withheld for want of consent.
    const first = await sendAndDeliver(id, customer);
    const marketingMoments = first.filter((m) => m.marketing);
    expect(marketingMoments.map((m) => m.kind).sort()).toEqual(["loyalty", "usage_tips"]);
    for (const m of marketingMoments) expect(m).toMatchObject({ status: "suppressed", reason: "no_marketing_consent", eventId: null });
    const serviceKinds = first.filter((m) => !m.marketing && m.status === "sent").map((m) => m.kind);
    expect(serviceKinds).toEqual(expect.arrayContaining(["order_confirmed", "shipped", "delivered", "returns_help", "review_invitation"]));

    const before = await klaviyoEventsOf(customer);
    expect(new Set(before.map((e) => e.metric))).toEqual(new Set(serviceKinds.map(metricOf)));
    expect(before.map((e) => e.metric)).toContain("Doorstep Order Confirmed");
    expect(before.filter((e) => MARKETING.includes(e.metric))).toEqual([]);
    for (const e of before) {
      expect(e.profile).toMatchObject({ email, external_id: customer });
      expect(e.properties.consent).toMatchObject({ basis: "updates", channel: "email" });
    }

    // Now the shopper ticks the box: news and offers by email, recorded apart with its time and source.
    await offersBox.check();
    await root.getByRole("button", { name: "Save" }).click();
    await root
      .getByRole("status")
      .filter({ hasText: /^Saved\. Updates and offers go to / })
      .waitFor();
    expect(
      await queryD1(sql(`SELECT channel, state, source FROM marketing_consents WHERE store_id = 'demo' AND customer_id = ?`, customer)),
    ).toEqual([{ channel: "email", state: "granted", source: "tracking_page" }]);
    const changes = await queryD1(
      sql(
        `SELECT order_id, purpose, channel, state, source, at FROM consent_changes WHERE store_id = 'demo' AND customer_id = ? ORDER BY recorded_at, purpose DESC`,
        customer,
      ),
    );
    expect(changes.map(({ at: _, ...c }) => c)).toEqual([
      { order_id: id, purpose: "updates", channel: "email", state: "granted", source: "tracking_page" },
      { order_id: id, purpose: "marketing", channel: "email", state: "granted", source: "tracking_page" },
    ]);
    expect(Date.now() - Date.parse(String(changes[1]!.at))).toBeLessThan(60_000);

    // The same shopper's next order with marketing due (placed and delivered weeks ago, posted now):
    // its marketing reaches Klaviyo under the consent just given. What was withheld before stays withheld.
    const again = `${id}-B`;
    await deliveredOrder(again, customer, email, [{ sku: "summit-daypack", name: "Summit Daypack 18L", unitPrice: 8900 }]);
    const second = await sendAndDeliver(again, customer);
    expect(second.filter((m) => m.marketing).map((m) => [m.kind, m.status])).toEqual(
      expect.arrayContaining([
        ["usage_tips", "sent"],
        ["loyalty", "sent"],
      ]),
    );
    const after = await klaviyoEventsOf(customer);
    const marketing = after.filter((e) => MARKETING.includes(e.metric));
    expect(marketing.map((e) => e.metric).sort()).toEqual(["Doorstep Loyalty", "Doorstep Usage Tips"]);
    for (const e of marketing) {
      expect(e.properties.orderId).toBe(again);
      expect(e.properties.consent).toMatchObject({
        basis: "marketing",
        channel: "email",
        consent: { state: "granted", source: "tracking_page" },
      });
    }
    expect((await momentsOf(id)).filter((m) => m.marketing).every((m) => m.status === "suppressed")).toBe(true);

    // The review invitation's link for the socks' fourth star, followed: the review form opens on them,
    // four stars chosen, the survey skipped; nothing is sent until the shopper sends it.
    const invitation = before.find((e) => e.metric === "Doorstep Review Invitation")!;
    const socks = invitation.properties.order!.items.find((item) => item.sku === "trail-sock-3pack")!;
    const link = new URL(socks.review!.stars[3]!);
    expect(link.searchParams.get("ds_review")).toBe("trail-sock-3pack");
    expect(link.searchParams.get("ds_stars")).toBe("4");
    await page.goto(`${demo.storeUrl}${link.pathname}${link.search}`);
    const group = root.getByRole("group", { name: "Rating for Trail Sock 3-Pack" });
    await group.waitFor();
    expect(await group.getByRole("radio", { name: "4 of 5 stars" }).isChecked()).toBe(true);
    expect(await root.getByRole("group", { name: "Rating for Beacon 400 Headlamp" }).getByRole("radio", { checked: true }).count()).toBe(0);
    expect(
      await group.evaluate((el) => el.getRootNode() instanceof ShadowRoot && el === (el.getRootNode() as ShadowRoot).activeElement),
    ).toBe(true);
    expect(await root.getByRole("heading", { name: "How was your experience overall?" }).count()).toBe(0);
    expect(await queryD1(sql(`SELECT 1 FROM reviews WHERE store_id = 'demo' AND order_id = ?`, id))).toEqual([]);
    expect(problems).toEqual([]);
  }, 240_000);
});
