import { z } from "zod";
import { CONSENT_STATES, MARKETING_CHANNELS } from "../../contract/vocabularies.ts";
import { ORDER_CLOCK_SKEW_MS } from "../domain/date-range.ts";
import { pastDateTime } from "./common.ts";

/** One channel's marketing consent as a merchant or platform reports it. */
export const consentInput = z.object({
  state: z.enum(CONSENT_STATES),
  /** When the shopper gave or withdrew it; the time the news arrived when left out. */
  at: pastDateTime(ORDER_CLOCK_SKEW_MS, "a day").optional(),
  /** Where it was collected, for the record: "checkout", "pos", "newsletter form"… */
  source: z.string().trim().min(1).max(60).optional(),
});
export type ConsentInput = z.infer<typeof consentInput>;

/** `marketingConsent` on an order: per channel, each on its own; a channel left out is left as it is. */
export const marketingConsentInput = z.strictObject({
  email: consentInput.optional(),
  sms: consentInput.optional(),
});
export type MarketingConsentInput = z.infer<typeof marketingConsentInput>;

/** `PUT /v1/admin/customers/{customerId}/consent`: news for at least one channel. */
export const merchantConsentInput = marketingConsentInput.refine((c) => c.email || c.sms, {
  message: "name at least one channel: email or sms",
});

export const marketingChannel = z.enum(MARKETING_CHANNELS);
