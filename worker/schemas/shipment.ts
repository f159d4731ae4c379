import { z } from "zod";
import { MAX_CLOCK_SKEW_MS } from "../domain/date-range.ts";
import { externalId, httpUrl, pastDateTime, promiseDate } from "./common.ts";
import { normaliseTrackingNumber } from "../domain/carriers/tracking-links.ts";
import { SHIPMENT_STATUSES } from "../domain/shipment-status.ts";

export const shipmentStatus = z.enum(SHIPMENT_STATUSES);

/** Carriers reuse the characters of a barcode: letters, digits, and the spaces people paste in. */
export const trackingNumber = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9 -]{4,64}$/, "must be 4–64 letters, digits, spaces or dashes")
  .transform(normaliseTrackingNumber);

/** `POST /v1/orders/{orderId}/shipments` */
export const shipmentInput = z
  .object({
    id: externalId,
    carrier: z.string().trim().min(1).max(64),
    trackingNumber,
    /** Not in the contract's minimum: the carrier's own page, when the merchant knows a better one. */
    trackingUrl: httpUrl.optional(),
    lines: z
      .array(z.object({ sku: externalId, quantity: z.int().min(1).max(10_000) }))
      .min(1)
      .max(250),
    promisedFrom: promiseDate.optional(),
    promisedTo: promiseDate.optional(),
  })
  .refine((s) => !s.promisedFrom || !s.promisedTo || s.promisedFrom <= s.promisedTo, {
    message: "promisedTo must not be before promisedFrom",
    path: ["promisedTo"],
  });
export type ShipmentInput = z.infer<typeof shipmentInput>;

/** `POST /v1/shipments/{shipmentId}/events` */
export const shipmentEventInput = z.object({
  id: externalId,
  status: shipmentStatus,
  /** At most 5 minutes ahead: a scan from the future would keep its status whatever came next. */
  occurredAt: pastDateTime(MAX_CLOCK_SKEW_MS, "5 minutes"),
  location: z.string().trim().max(200).optional(),
  description: z.string().trim().max(500).optional(),
});
export type ShipmentEventInput = z.infer<typeof shipmentEventInput>;

/** `POST /v1/o/{token}/preferences` */
/**
 * `marketing` is a separate choice (an unticked box): true grants marketing by the channel chosen,
 * false withdraws it; left out, marketing consent stays as it is. With `none`, only false makes sense.
 */
const marketing = z.boolean().optional();
export const preferencesInput = z.discriminatedUnion("channel", [
  z.object({ channel: z.literal("email"), contact: z.email().max(254).optional(), marketing }),
  z.object({
    channel: z.literal("sms"),
    contact: z
      .string()
      .max(32)
      .regex(/^\+?[0-9 ().-]{6,}$/, "must be a phone number")
      .optional(),
    marketing,
  }),
  z.object({ channel: z.literal("none"), marketing: z.literal(false, "must be false: marketing needs a channel").optional() }),
]);
export type PreferencesInput = z.infer<typeof preferencesInput>;

/** `POST /v1/lookup` */
export const lookupInput = z.object({
  storeId: z.string().min(1).max(63),
  orderNumber: z.string().trim().min(1).max(128),
  email: z.string().trim().min(3).max(254),
});
