import { z } from "zod";
import { widgetEvent } from "./events.ts";
import { isoDateTime } from "./common.ts";

/**
 * One widget event on its way through the events queue (issue 23): the event as the shopper's browser
 * sent it, with whose it is and when the API accepted it. One message per event, so each is acked or
 * retried on its own. `v` lets a consumer of a later version tell an older message apart.
 */
export const eventMessage = z
  .object({
    v: z.literal(1),
    storeId: z.string().min(1),
    orderId: z.string().min(1),
    customerId: z.string().min(1),
    receivedAt: isoDateTime,
    event: widgetEvent,
  })
  .strict();
export type EventMessage = z.infer<typeof eventMessage>;
