/**
 * The four kinds of operation, each on a random order: a shopper reading the order, a shopper's batch of
 * widget events, a merchant's shipment event and a signed carrier webhook (both sometimes resent
 * unchanged). What the worker acknowledged goes into the ledger, to be found in D1 afterwards.
 */
import { afterShipTrackingUpdate, easyPostTrackerEvent, signedHeaders } from "../lib/carrier-payloads.ts";
import type { StoreCredentials } from "../lib/store-admin.ts";
import type { Send } from "./client.ts";
import type { Measurements } from "./measurements.ts";
import { DUPLICATE_SHARE, EVENTS_PER_BATCH, SHOP_ORIGIN, type Kind } from "./options.ts";
import type { LoadOrder } from "./setup.ts";

type Vendor = "easypost" | "aftership";

/** Every write the worker acknowledged with a 2xx, by what identifies its row. */
export interface Ledger {
  eventIds: string[];
  deliveries: { vendor: Vendor; id: string; body: string }[];
  merchantEvents: { shipmentId: string; body: string; id: string }[];
  duplicatesSent: { webhook: number; shipment_event: number };
}

export const emptyLedger = (): Ledger => ({
  eventIds: [],
  deliveries: [],
  merchantEvents: [],
  duplicatesSent: { webhook: 0, shipment_event: 0 },
});

interface Context {
  send: Send;
  credentials: StoreCredentials;
  merchantHeaders: Record<string, string>;
  ledger: Ledger;
  measurements: Measurements;
}

const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]!;

/** Runs one operation of a kind; `n` numbers it, so its ids and scan times are its own. */
export function operations(context: Context, orders: LoadOrder[]) {
  let sequence = 0;
  return async (kind: Kind) => {
    context.measurements.operation(kind);
    const n = sequence++;
    const order = pick(orders);
    if (kind === "order_read") await orderRead(context, order);
    else if (kind === "shopper_events") await shopperEvents(context, order, n);
    else if (kind === "shipment_event") await shipmentEvent(context, order, n);
    else await webhook(context, order, n);
  };
}

async function orderRead({ send }: Context, order: LoadOrder) {
  await send("order_read", `/v1/o/${order.token}`, () => ({ headers: { Origin: SHOP_ORIGIN, "CF-Connecting-IP": order.ip } }));
}

async function shopperEvents({ send, ledger }: Context, order: LoadOrder, n: number) {
  const at = new Date().toISOString();
  const batch = Array.from({ length: EVENTS_PER_BATCH }, (_, i) => ({
    id: `lf${process.pid}n${n}e${i}`,
    type: i === 0 ? "click" : "view",
    target: "confirmation",
    at,
  }));
  const res = await send("shopper_events", `/v1/o/${order.token}/events`, () => ({
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: SHOP_ORIGIN, "CF-Connecting-IP": order.ip },
    body: JSON.stringify(batch),
  }));
  if (res.ok) ledger.eventIds.push(...batch.map((e) => e.id));
}

async function shipmentEvent({ send, ledger, merchantHeaders }: Context, order: LoadOrder, n: number) {
  const earlier = ledger.merchantEvents.length && Math.random() < DUPLICATE_SHARE ? pick(ledger.merchantEvents) : undefined;
  if (earlier) ledger.duplicatesSent.shipment_event++;
  const event = earlier ?? {
    shipmentId: order.shipmentId,
    id: `lf-m-${n}`,
    body: JSON.stringify({
      id: `lf-m-${n}`,
      status: "in_transit",
      occurredAt: new Date(Date.now() - 3_600_000 + n).toISOString(),
      location: "Memphis, TN",
    }),
  };
  const res = await send("shipment_event", `/v1/shipments/${event.shipmentId}/events`, () => ({
    method: "POST",
    headers: merchantHeaders,
    body: event.body,
  }));
  if (res.ok && !earlier) ledger.merchantEvents.push(event);
}

async function webhook({ send, ledger, credentials, measurements }: Context, order: LoadOrder, n: number) {
  const earlier = ledger.deliveries.length && Math.random() < DUPLICATE_SHARE ? pick(ledger.deliveries) : undefined;
  if (earlier) ledger.duplicatesSent.webhook++;
  const vendor: Vendor = earlier?.vendor ?? (n % 2 ? "easypost" : "aftership");
  const deliveryId = `lf-d-${process.pid}-${n}`;
  const body = earlier?.body ?? JSON.stringify(webhookPayload(vendor, order, deliveryId, n));
  const res = await send("webhook", `/v1/webhooks/${vendor}/${credentials.storeId}`, async () => ({
    method: "POST",
    headers: await signedHeaders(vendor, credentials.webhookSecrets[vendor], body),
    body,
  }));
  if (res.ok && !earlier) ledger.deliveries.push({ vendor, id: deliveryId, body });
  // Enqueued and answered 202 (issue 23): whether a resend was recognised shows in D1 after the queue
  // has drained (verify.ts: each acknowledged delivery stored once, with its one carrier event).
  if (res.ok && res.status !== 202)
    measurements.violation("webhook", res.status, `delivery ${deliveryId} answered ${res.status}, not 202 (queued)`);
}

/** One new scan per delivery (a distinct minute), so each delivery adds exactly one carrier event. */
function webhookPayload(vendor: Vendor, order: LoadOrder, deliveryId: string, n: number) {
  const scanAt = new Date(Date.UTC(2026, 10, 1) + n * 60_000).toISOString();
  return vendor === "easypost"
    ? easyPostTrackerEvent({
        trackingCode: order.trackingNumber,
        eventId: deliveryId,
        scans: [{ status: "in_transit", statusDetail: "arrived_at_facility", message: `Arrived ${n}`, datetime: scanAt, city: "Memphis" }],
      })
    : afterShipTrackingUpdate({
        trackingNumber: order.trackingNumber,
        eventId: deliveryId,
        checkpoints: [
          { tag: "InTransit", subtag: "InTransit_001", message: `Scanned ${n}`, time: scanAt.replace("Z", "+00:00"), city: "Leipzig" },
        ],
      });
}
