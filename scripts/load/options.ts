/** What a load run is asked to do: how long, how fast, by how many clients, with which faults and mix. */

export type Kind = "webhook" | "shipment_event" | "order_read" | "shopper_events" | "page_view" | "refresh" | "platform_order";

export interface LoadOptions {
  seconds: number;
  /** Operations started per second, whatever the answers (a retry belongs to its operation). */
  rate: number;
  clients: number;
  orders: number;
  /** The DOORSTEP_FAULTS spec given to the worker. */
  faults: string;
  /** Bounds on the wait before a retry; Retry-After is asserted, then shortened into this range. */
  retryWaitMs: [number, number];
  maxAttempts: number;
  log?: (line: string) => void;
}

export const DEFAULT_OPTIONS: LoadOptions = {
  seconds: 60,
  rate: 20,
  clients: 8,
  orders: 40,
  faults: "before=0.10,after=0.05",
  retryWaitMs: [50, 200],
  maxAttempts: 12,
};

/**
 * The mix, as shares of operations. At 20 operations a second over 40 orders that is 0.3 shopper
 * requests a second per order token (3 per 10 s against a limit of 60, retries included well under),
 * and shopper requests come from one address per order (wrangler dev takes the client's
 * CF-Connecting-IP; the limit per address is 300 per 10 s), so the limiters stay out of the way:
 * a 429 would be reported, and retried like a 503.
 */
export const MIX: Record<Kind, number> = {
  webhook: 0.2,
  shipment_event: 0.2,
  order_read: 0.3,
  shopper_events: 0.3,
  page_view: 0,
  refresh: 0,
  platform_order: 0,
};
/**
 * The peak minute's mix (scripts/load/peak-minute.ts): mostly shoppers, as on a sale day. Tracking
 * page views (with offers) and open tabs refreshing with the ETag they hold, widget event bursts,
 * carrier and merchant parcel updates, and orders arriving from the store's platform (Shopify).
 */
export const PEAK_MIX: Record<Kind, number> = {
  page_view: 0.15,
  refresh: 0.3,
  order_read: 0,
  shopper_events: 0.25,
  webhook: 0.1,
  shipment_event: 0.05,
  platform_order: 0.15,
};
export const KINDS = Object.keys(MIX) as Kind[];
/** Share of webhook and shipment-event operations that resend an earlier acknowledged one unchanged. */
export const DUPLICATE_SHARE = 0.2;
export const EVENTS_PER_BATCH = 5;
/** The load store's one allowed origin (nothing listens there; shopper requests only name it). */
export const SHOP_ORIGIN = "http://127.0.0.1:9";

/** One value per kind. */
export const perKind = <T>(make: (kind: Kind) => T) => Object.fromEntries(KINDS.map((k) => [k, make(k)])) as Record<Kind, T>;
