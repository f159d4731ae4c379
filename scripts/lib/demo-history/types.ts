/** The demo history as plain data: what generate.ts makes and seed.ts writes. */
import type { Market } from "../../../demo-store/pricing.ts";
import type { Arm } from "../../../worker/domain/offers/holdout.ts";
import type { Quintiles } from "../../../worker/domain/offers/rfm.ts";
import type { ShipmentStatus } from "../../../worker/domain/shipment-status.ts";
import type { Wants } from "../../../worker/domain/survey-signal.ts";
import type { Standout } from "../../../contract/vocabularies.ts";
import type { OrderInput } from "../../../worker/schemas/order.ts";

export interface HistoryOptions {
  storeId: string;
  /** History ends the day before this; nothing is dated after it. */
  now: Date;
  /** The shop's origin, for the lines' product and image links (as the shop's server sends them). */
  shopOrigin: string;
  /** Days of orders, ending yesterday. */
  days?: number;
  seed?: number;
  /** The store's offer holdout share (the demo store's rules say 0.1). */
  holdoutShare?: number;
}

/** The offers view's limits per placement (schemas/offers.ts defaults, which the demo store keeps). */
export const MAX_OFFERS = { confirmation: 3, tracking: 2, survey: 3 } as const;
export type Placement = keyof typeof MAX_OFFERS;
export type Kind = "cross_sell" | "upsell" | "reorder" | "education" | "support";

export interface Customer {
  id: string;
  email: string;
  phone?: string;
  market: Market;
  taxRate: number;
  arm: Arm;
  orders: HistoryOrder[];
}

export interface HistoryOrder {
  input: OrderInput;
  token: string;
  placedAt: number;
  customer: Customer;
  checkoutFeel?: { feel: "easy" | "okay" | "hard"; at: number };
  shipment?: ShipmentPlan;
  survey?: SurveyPlan;
  reviews: { sku: string; rating: number; title?: string; body?: string; at: number }[];
}

export interface ShipmentPlan {
  id: string;
  carrier: string;
  trackingNumber: string;
  createdAt: number;
  scans: Scan[];
  deliveredAt?: number;
  trouble?: "delayed" | "exception";
}

export interface Scan {
  id: string;
  status: ShipmentStatus;
  at: number;
  location: string;
  description?: string;
}

export interface SurveyPlan {
  rating: number;
  standout?: { choice: Standout; text?: string };
  wants?: Wants;
  comment?: string;
  callback?: { phone: string; time: string };
  steps: number;
  createdAt: number;
  step2At?: number;
  updatedAt: number;
  completedAt?: number;
  /** When a detractor's alert was marked handled. */
  alertResolvedAt?: number;
}

export interface HistoryEvent {
  id: string;
  orderId: string;
  customerId: string;
  type: string;
  target?: string;
  at: number;
  receivedAt: number;
}

export interface OfferRecord {
  sku: string;
  kind: Kind;
  score: number;
  reason: string;
}

export interface HistoryDecision {
  id: string;
  orderId: string;
  customerId: string;
  placement: Placement;
  arm: Arm;
  /** Filled in once every order is known (the segment depends on the customer's totals at that time). */
  segment: string;
  offers: OfferRecord[];
  at: number;
  clicked?: { kind: Kind; at: number };
}

export interface KindStat {
  segment: string;
  kind: string;
  shown: number;
  clicked: number;
}

export interface DemoHistory {
  orders: HistoryOrder[];
  events: HistoryEvent[];
  decisions: HistoryDecision[];
  /** Cut points as the nightly job would have left them at `now`. */
  quintiles: Quintiles;
  kindStats: KindStat[];
}

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const MINUTE = 60_000;
