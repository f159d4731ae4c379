/**
 * The orders the load runs against, each with one parcel, made through the merchant API under the same
 * faults and retries as the load itself (not counted), as many at a time as there are clients: one
 * after another took a quarter of the test's time.
 */
import type { Send } from "./client.ts";
import type { LoadOptions } from "./options.ts";

export interface LoadOrder {
  id: string;
  token: string;
  shipmentId: string;
  trackingNumber: string;
  /** The shopper's address: one per order keeps each under the per-address limit. */
  ip: string;
}

export async function setUpOrders(send: Send, merchantHeaders: Record<string, string>, options: LoadOptions): Promise<LoadOrder[]> {
  const orders: LoadOrder[] = [];
  for (let first = 0; first < options.orders; first += options.clients) {
    const wave = Array.from({ length: Math.min(options.clients, options.orders - first) }, (_, k) =>
      setUpOrder(send, merchantHeaders, first + k),
    );
    orders.push(...(await Promise.all(wave)));
  }
  return orders;
}

async function setUpOrder(send: Send, merchantHeaders: Record<string, string>, i: number): Promise<LoadOrder> {
  const id = `load-${i}`;
  const placed = await send("order_read", "/v1/orders", () => ({
    method: "POST",
    headers: merchantHeaders,
    body: JSON.stringify({
      id,
      placedAt: new Date(Date.now() - 86_400_000).toISOString(),
      currency: "USD",
      customer: { id: `load-customer-${i}`, email: `shopper${i}@example.com` },
      lines: [{ sku: `SKU-${i % 5}`, name: "Load item", quantity: 1, unitPrice: 2500 }],
      fees: [],
      discounts: [],
      total: 2500,
    }),
  }));
  if (!placed.ok) throw new Error(`setup: order ${id} was not created (${placed.status})`);
  const shipmentId = `load-ship-${i}`;
  const trackingNumber = `LOAD${String(i).padStart(6, "0")}`;
  const shipped = await send("shipment_event", `/v1/orders/${id}/shipments`, () => ({
    method: "POST",
    headers: merchantHeaders,
    body: JSON.stringify({ id: shipmentId, carrier: "USPS", trackingNumber, lines: [{ sku: `SKU-${i % 5}`, quantity: 1 }] }),
  }));
  if (!shipped.ok) throw new Error(`setup: shipment ${shipmentId} was not created (${shipped.status})`);
  const token = (placed.body as { orderToken: string }).orderToken;
  return { id, token, shipmentId, trackingNumber, ip: `10.77.${i >> 8}.${(i & 255) + 1}` };
}
