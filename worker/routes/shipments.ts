import type { Context } from "hono";
import type { AppEnv } from "../http/app-env.ts";
import { readBody, type Route } from "../http/declared.ts";
import { ApiError, notFound } from "../http/errors.ts";
import { declaration } from "../openapi/operations.ts";
import { orderedQuantities } from "../storage/orders.ts";
import { carrierEventCount, getShipment, recordUpdates, ShipmentOwnedByAnotherOrder, upsertShipment } from "../storage/shipments.ts";
import { refreshMoments, refreshMomentsForTracking } from "../services/lifecycle-moments.ts";
import { z } from "zod";
import { readJson, validate } from "../http/read-json.ts";
import { delayedEventInput } from "../schemas/parcel-delay.ts";
import { shipmentEventInput } from "../schemas/shipment.ts";
import { reportDelay } from "../services/parcel-delay.ts";

/** Merchant's server → Doorstep: a parcel of an order. */
async function upsertParcel(c: Context<AppEnv>) {
  const store = c.get("store");
  const orderId = c.req.param("orderId")!;
  const input = await readBody(c, declaration("upsertShipment"));
  const ordered = await orderedQuantities(c.env.DB, store.id, orderId);
  if (!ordered.length) throw notFound("order_not_found", `There is no order "${orderId}" in this store.`);

  // A parcel can only hold what was ordered; a typo in a sku would otherwise show the shopper nothing.
  const problems = input.lines.flatMap((line, i) => {
    const bought = ordered.filter((o) => o.sku === line.sku).reduce((sum, o) => sum + o.quantity, 0);
    if (!bought) return [{ path: `lines.${i}.sku`, message: `is not an item of order ${orderId}` }];
    if (line.quantity > bought) return [{ path: `lines.${i}.quantity`, message: `is more than the ${bought} ordered` }];
    return [];
  });
  if (problems.length) throw new ApiError(422, "invalid_values", "Some lines do not match the order.", problems);

  let created: boolean;
  try {
    ({ created } = await upsertShipment(c.env.DB, store.id, orderId, input, new Date().toISOString()));
  } catch (error) {
    if (!(error instanceof ShipmentOwnedByAnotherOrder)) throw error;
    throw new ApiError(409, "shipment_conflict", `Shipment "${input.id}" already belongs to another order.`);
  }
  await refreshMoments(c.env.DB, store, orderId);
  const carrierEvents = await carrierEventCount(c.env.DB, store.id, input.trackingNumber);
  return c.json(
    { id: input.id, orderId, carrier: input.carrier, trackingNumber: input.trackingNumber, carrierEvents },
    created ? 201 : 200,
  );
}

/** Merchant's server → Doorstep: status updates it learned itself (its own carrier integration, a warehouse). */
async function recordEvent(c: Context<AppEnv>) {
  const store = c.get("store");
  const shipmentId = c.req.param("shipmentId")!;
  const body = await readJson(c, z.record(z.string(), z.unknown()), declaration("recordShipmentEvent").body.maxBytes);
  // A delay the merchant knows of has its own shape (schemas/parcel-delay.ts); every other status is a scan.
  const input = body.status === "delayed" ? validate(delayedEventInput, body) : validate(shipmentEventInput, body);
  const shipment = await getShipment(c.env.DB, store.id, shipmentId);
  if (!shipment) throw notFound("shipment_not_found", `There is no shipment "${shipmentId}" in this store.`);
  if (input.status === "delayed") {
    const { recorded } = await reportDelay(c.env.DB, store, shipment.trackingNumber, input);
    return c.json({ id: input.id, shipmentId, recorded, duplicate: !recorded }, recorded ? 201 : 200);
  }
  const occurredAt = new Date(input.occurredAt).toISOString();
  const { accepted } = await recordUpdates(
    c.env.DB,
    store.id,
    shipment.trackingNumber,
    [
      {
        id: `m:${input.id}`,
        source: "merchant",
        status: input.status,
        // The merchant names an exception, not its cause; "other" keeps the banner's generic advice.
        exceptionKind: input.status === "exception" ? "other" : undefined,
        carrierDelay: false,
        occurredAt,
        location: input.location,
        description: input.description,
        raw: JSON.stringify(input),
      },
    ],
    new Date().toISOString(),
  );
  const recorded = accepted.length > 0;
  // Also for a duplicate: it may be the retry of a request whose event was stored but whose refresh
  // failed or whose answer was lost. The refresh is a recomputation, so repeating it changes nothing.
  await refreshMomentsForTracking(c.env.DB, store, shipment.trackingNumber);
  return c.json({ id: input.id, shipmentId, recorded, duplicate: !recorded }, recorded ? 201 : 200);
}

export const shipmentRoutes: Route[] = [
  ["upsertShipment", upsertParcel],
  ["recordShipmentEvent", recordEvent],
];
