/**
 * Parcels that track themselves, end to end: the demo store connects EasyPost (the worker's
 * EASYPOST_API_URL points at the local stand-in, tests/stand-ins/aggregators.ts); a parcel sent with the
 * carrier "Other" is registered by the worker's own minute cron (fired through wrangler dev's
 * /__scheduled) as EasyPost documents it, with the carrier its 1Z number and check digit name; EasyPost's
 * tracker then reports a scan four days old, and the shopper's tracking page in Chromium says the parcel
 * has stalled and what happens next, while the merchant's dashboard API lists it.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { easyPostTrackerEvent, signedHeaders } from "../../scripts/lib/carrier-payloads.ts";
import { detectCarrier } from "../../worker/domain/carriers/detect.ts";
import { sql } from "../../worker/storage/statement.ts";
import { browserPerFile, watchedPage } from "./browser.ts";
import { eventually, queryD1 } from "./d1.ts";
import { merchantPost } from "./merchant.ts";

const demo = inject("demo");
const browser = browserPerFile();
const DAY = 86_400_000;
const vendorKey = `EZTK${Date.now().toString(36)}e2e`;

const admin = (path: string, init: RequestInit = {}) =>
  fetch(`${demo.workerOrigin}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${demo.apiKey}`, "Content-Type": "application/json" },
  });
const runCron = async () => expect((await fetch(`${demo.workerOrigin}/__scheduled?cron=${encodeURIComponent("* * * * *")}`)).ok).toBe(true);

/** A UPS 1Z number of this run's own, with its real check digit. */
function upsNumber(): string {
  const body = `1Z8E2E${Date.now().toString().slice(-11)}`.slice(0, 17);
  for (let d = 0; d < 10; d++) if (detectCarrier(`${body}${d}`)?.carrier === "ups") return `${body}${d}`;
  throw new Error("no check digit fits");
}

interface StandInRequest {
  provider: string;
  path: string;
  apiKey: string;
  contentType: string;
  body: { tracker: { tracking_code: string; carrier?: string } };
  answered: number;
}

beforeAll(async () => {
  const res = await admin("/v1/admin/connections/easypost", { method: "PUT", body: JSON.stringify({ apiKey: vendorKey }) });
  expect(res.status).toBe(200);
});

// The demo store is shared with the other end-to-end files: it is left as it was found.
afterAll(() => admin("/v1/admin/connections/easypost", { method: "DELETE" }));

describe("a registered parcel, to a stalled banner", () => {
  it("is registered once with EasyPost by the cron, and the shopper sees it stalled with what happens next", async () => {
    const id = `PT-${Date.now()}`;
    const trackingNumber = upsNumber();
    const { orderToken } = await merchantPost("/v1/orders", {
      id,
      placedAt: new Date(Date.now() - 6 * DAY).toISOString().replace("Z", "+00:00"),
      currency: "USD",
      customer: { id: `pt-${id}`, email: "parcel@example.com" },
      lines: [{ sku: "ridgeline-trail-runner", name: "Ridgeline Trail Runner", quantity: 1, unitPrice: 12900 }],
      total: 12900,
    });
    // "Other" is no carrier EasyPost knows: Doorstep names it from the number.
    await merchantPost(`/v1/orders/${id}/shipments`, {
      id: `${id}-1`,
      carrier: "Other",
      trackingNumber,
      lines: [{ sku: "ridgeline-trail-runner", quantity: 1 }],
    });

    // Each cron run sends up to 50 due parcels, oldest first: the demo's own recent parcels, queued when
    // the store connected, may go before this one.
    const sent = async () =>
      ((await (await fetch(`${demo.aggregatorStandIn}/__stand-in/requests`)).json()) as { requests: StandInRequest[] }).requests.filter(
        (r) => r.body?.tracker?.tracking_code === trackingNumber,
      );
    const requests = await eventually(
      async () => (await runCron(), await sent()),
      (list) => list.length > 0,
      30_000,
    );
    expect(requests).toEqual([
      expect.objectContaining({
        provider: "easypost",
        path: "/easypost/v2/trackers",
        apiKey: vendorKey,
        contentType: "application/json",
        body: { tracker: { tracking_code: trackingNumber, carrier: "UPS" } },
        answered: 201,
      }),
    ]);
    await eventually(
      () =>
        queryD1(
          sql(`SELECT status, carrier, carrier_source FROM parcel_registrations WHERE store_id = 'demo' AND shipment_id = ?`, `${id}-1`),
        ),
      (rows) => rows[0]?.status === "registered",
    );

    // EasyPost's tracker reports the carrier's scans: the last one four days ago.
    const event = easyPostTrackerEvent({
      trackingCode: trackingNumber,
      carrier: "UPS",
      scans: [
        {
          status: "pre_transit",
          statusDetail: "label_created",
          message: "Shipping label created",
          datetime: new Date(Date.now() - 5 * DAY).toISOString(),
          city: "Portland",
          state: "OR",
        },
        {
          status: "in_transit",
          statusDetail: "departed_facility",
          message: "Departed UPS facility",
          datetime: new Date(Date.now() - 4 * DAY).toISOString(),
          city: "Louisville",
          state: "KY",
        },
      ],
    });
    const body = JSON.stringify(event);
    const hook = await fetch(`${demo.workerOrigin}/v1/webhooks/easypost/demo`, {
      method: "POST",
      headers: await signedHeaders("easypost", demo.webhookSecrets.easypost, body),
      body,
    });
    // Enqueued (issue 23): the sweep reads the scans once the webhooks queue's consumer has recorded them.
    expect(hook.status).toBe(202);
    await eventually(
      () => queryD1(sql(`SELECT 1 FROM webhook_deliveries WHERE store_id = 'demo' AND vendor = 'easypost' AND id = ?`, event.id)),
      (rows) => rows.length === 1,
    );
    await runCron();

    // Later cron runs send nothing more to EasyPost for this parcel.
    await runCron();
    expect(await sent()).toHaveLength(1);

    // The delay is a lifecycle moment for the merchant's tools.
    await eventually(
      () => queryD1(sql(`SELECT kind, ref FROM lifecycle_moments WHERE store_id = 'demo' AND order_id = ? AND kind = 'stalled'`, id)),
      (rows) => rows.length === 1,
    );

    const { page, problems } = await watchedPage(browser.context());
    await page.goto(`${demo.storeUrl}/orders/status?order=${orderToken}`);
    const banner = page.locator('[data-doorstep="tracking"]').getByRole("status").filter({ hasText: "No carrier scan since" });
    await banner.waitFor();
    const text = await banner.innerText();
    expect(text).toContain("We're checking with UPS.");
    expect(text).toMatch(/Not there by .+\? Contact us/);
    expect(problems).toEqual([]);

    // The dashboard's list of parcels at risk names it, registered with EasyPost.
    const atRisk = (await (await admin("/v1/admin/parcels?status=stalled")).json()) as {
      parcels: { shipmentId: string; risks: string[]; registrations: { provider: string; status: string; carrierSource: string }[] }[];
    };
    expect(atRisk.parcels.find((p) => p.shipmentId === `${id}-1`)).toMatchObject({
      risks: ["stalled"],
      registrations: [{ provider: "easypost", status: "registered", carrierSource: "detected" }],
    });
  });
});
