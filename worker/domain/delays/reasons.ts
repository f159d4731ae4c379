/**
 * Why a merchant says a parcel is delayed (`POST /v1/shipments/{id}/events` with status "delayed"):
 * codes, so the tracking view can say it in the shopper's language.
 */
export const DELAY_REASONS = ["weather", "carrier", "customs", "address", "other"] as const;
export type DelayReasonCode = (typeof DELAY_REASONS)[number];
