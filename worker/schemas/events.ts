import { z } from "zod";
import { CHECKOUT_FEELS } from "../../contract/vocabularies.ts";
import { isoDateTime } from "./common.ts";

export const checkoutFeel = z.enum(CHECKOUT_FEELS);

export const widgetEvent = z.object({
  /** Made by the widget when the event happens, so a resend of the same event is recognised. */
  id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "must be 8–64 URL-safe characters"),
  type: z.string().regex(/^[a-z][a-z0-9_.:-]{0,63}$/, "must be a lowercase event name"),
  target: z.string().max(200).optional(),
  at: isoDateTime,
});
export type WidgetEvent = z.infer<typeof widgetEvent>;

export const MAX_EVENTS_PER_BATCH = 50;

/**
 * The contract's body is a bare array of events, like the reviews endpoint. Only the batch's shape is
 * checked here; each event is judged on its own (event-admission.ts).
 */
export const eventBatch = z.array(z.unknown()).min(1).max(MAX_EVENTS_PER_BATCH);
