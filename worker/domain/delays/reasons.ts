/**
 * Why a merchant says a parcel is delayed (`POST /v1/shipments/{id}/events` with status "delayed"):
 * codes, so the tracking view can say it in the shopper's language.
 */
export { DELAY_REASON_CODES as DELAY_REASONS, type DelayReasonCode } from "../../../contract/vocabularies.ts";
