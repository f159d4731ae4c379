import { z } from "zod";
import { MAX_CLOCK_SKEW_MS } from "../domain/date-range.ts";
import { DELAY_REASON_CODES as DELAY_REASONS } from "../../contract/vocabularies.ts";
import { externalId, pastDateTime, promiseDate } from "./common.ts";

/**
 * `POST /v1/shipments/{shipmentId}/events` with `"status": "delayed"`: the merchant knows the parcel
 * will be late, why, and when it should arrive now. Kept beside the parcel's scans (it moves no
 * milestone); the tracking view says why and shows the new estimate.
 */
export const delayedEventInput = z
  .object({
    id: externalId,
    status: z.literal("delayed"),
    reason: z.enum(DELAY_REASONS),
    /** The new estimate: the last day it should arrive by, and optionally the first. */
    estimatedTo: promiseDate,
    estimatedFrom: promiseDate.optional(),
    occurredAt: pastDateTime(MAX_CLOCK_SKEW_MS, "5 minutes"),
    description: z.string().trim().max(500).optional(),
  })
  .refine((d) => !d.estimatedFrom || d.estimatedFrom <= d.estimatedTo, {
    message: "estimatedFrom must not be after estimatedTo",
    path: ["estimatedFrom"],
  });
export type DelayedEventInput = z.infer<typeof delayedEventInput>;
