/**
 * The moments after a purchase that a merchant's email or SMS tool should hear about, and when (pure,
 * no I/O). Recomputed whenever the order or a parcel changes; storage keeps what was already sent.
 *
 *   welcome series      order_confirmed (at once), usage_tips (2 days after delivery), returns_help
 *                       (7 days after delivery), loyalty (14 days after delivery, with offers)
 *   parcel milestones   shipped, out_for_delivery, delivered, delayed, exception — one per parcel, the
 *                       order's first of each kind flagged so a tool can send only key updates
 *   feedback            survey_invitation (when the feedback window opens), review_invitation (3 days on)
 *   buying again        reorder, upsell, replenishment windows per product family (7/14/28 days by
 *                       default, 21/28/35 for expensive families), counted from the purchase
 *
 * "Marketing" moments go out only with marketing consent and are withheld from the holdout arm
 * (recorded, so lift can be measured); service moments (the order, its parcels, help with returns,
 * asking for feedback) follow the shopper's delivery-update choice and reach both arms.
 * Timed moments land at 10:00 in the order's own time zone (the offset the merchant sent with
 * `placedAt`), never in the middle of the shopper's night.
 */
import { MOMENT_KINDS, type MomentKind } from "../../../contract/outbound.ts";
import type { Arm, UpdateChannel } from "../../../contract/vocabularies.ts";
import type { OfferRules } from "../../schemas/offers.ts";
import { sendingBasis, type MarketingConsents, type SentUnder } from "../consent.ts";
import { windowsFor } from "../offers/windows.ts";
import type { ShipmentRecord } from "../records.ts";

export { MOMENT_KINDS, type MomentKind } from "../../../contract/outbound.ts";

const MARKETING: ReadonlySet<MomentKind> = new Set(["usage_tips", "loyalty", "reorder", "upsell", "replenishment"]);
export const isMarketing = (kind: MomentKind) => MARKETING.has(kind);

export interface ParcelFacts {
  id: string;
  skus: string[];
  shippedAt?: string;
  outForDeliveryAt?: string;
  deliveredAt?: string;
  delayedAt?: string;
  exceptionAt?: string;
  /** Sent back to the store: its items will not be used, so nothing is sold on the back of them. */
  returnedAt?: string;
}

/** When a parcel first reached each milestone, from its carrier updates. */
export function parcelFacts(s: ShipmentRecord): ParcelFacts {
  const sorted = [...s.updates].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  const first = (test: (u: (typeof sorted)[number]) => boolean) => sorted.find(test)?.occurredAt;
  const deliveredAt = first((u) => u.status === "delivered");
  return {
    id: s.id,
    skus: s.lines.map((l) => l.sku),
    shippedAt: first((u) => u.status === "in_transit" || u.status === "out_for_delivery" || u.status === "delivered"),
    outForDeliveryAt: first((u) => u.status === "out_for_delivery"),
    deliveredAt,
    delayedAt: first((u) => u.carrierDelay),
    exceptionAt: first((u) => u.status === "exception"),
    // A return scan after delivery is the parcel going back (shipment-state.ts reads it the same way).
    returnedAt: deliveredAt ? sorted.findLast((u) => u.status === "returned" && u.occurredAt >= deliveredAt)?.occurredAt : undefined,
  };
}

export interface ScheduleInput {
  /** As the merchant sent it, with its offset: the order's time zone. */
  placedAt: string;
  lines: { sku: string; family?: string }[];
  parcels: ParcelFacts[];
  /** When the survey and review invitations open (domain/feedback-window.ts). */
  feedbackOpensAt: string;
  /** A cancelled order has no moments left to send (those already sent stay sent). */
  cancelledAt?: string;
  rules: Pick<OfferRules, "windows" | "expensiveFamilies">;
}

export interface Moment {
  kind: MomentKind;
  /** What the moment is about beyond the order: a parcel id, a product family, or "". */
  ref: string;
  /** UTC ISO instant. */
  dueAt: string;
  marketing: boolean;
  /** The order's first moment of this kind (parcel milestones: the first parcel to reach it). */
  first: boolean;
}

/** The offset of an ISO time in minutes east of UTC ("Z" is 0). */
function offsetMinutes(iso: string): number {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(iso);
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** `days` calendar days after `from`, at 10:00 in the time zone `offset` minutes east of UTC. */
function tenOClock(from: string | number, days: number, offset: number): string {
  const local = new Date((typeof from === "number" ? from : Date.parse(from)) + offset * 60_000);
  const day = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + days, 10);
  return new Date(day - offset * 60_000).toISOString();
}

const iso = (t: string) => new Date(t).toISOString();

export function scheduleMoments(input: ScheduleInput): Moment[] {
  if (input.cancelledAt) return [];
  const offset = offsetMinutes(input.placedAt);
  const moments: Moment[] = [];
  const add = (kind: MomentKind, ref: string, dueAt: string, first = true) =>
    moments.push({ kind, ref, dueAt, marketing: isMarketing(kind), first });

  const parcels = input.parcels;
  const allReturned = parcels.length > 0 && parcels.every((p) => p.returnedAt);
  const delivered = parcels.length > 0 && parcels.every((p) => p.deliveredAt || p.returnedAt);
  // The welcome series counts from the last parcel's arrival; until then, from the order, as planned.
  const arrival = delivered ? Math.max(...parcels.map((p) => Date.parse(p.deliveredAt ?? p.returnedAt!))) : Date.parse(input.placedAt);

  add("order_confirmed", "", iso(input.placedAt));
  if (!allReturned) {
    add("usage_tips", "", tenOClock(arrival, 2, offset));
    add("loyalty", "", tenOClock(arrival, 14, offset));
  }
  add("returns_help", "", tenOClock(arrival, 7, offset));

  const milestones: [MomentKind, keyof ParcelFacts][] = [
    ["shipped", "shippedAt"],
    ["out_for_delivery", "outForDeliveryAt"],
    ["delivered", "deliveredAt"],
    ["delayed", "delayedAt"],
    ["exception", "exceptionAt"],
  ];
  for (const [kind, field] of milestones) {
    const reached = parcels.filter((p) => p[field]).sort((a, b) => Date.parse(a[field] as string) - Date.parse(b[field] as string));
    for (const [i, p] of reached.entries()) add(kind, p.id, iso(p[field] as string), i === 0);
  }

  add("survey_invitation", "", iso(input.feedbackOpensAt));
  add("review_invitation", "", tenOClock(input.feedbackOpensAt, 3, offset));

  // Buying again, per family of what was kept (a returned parcel's items are not bought again).
  const returned = new Set(parcels.filter((p) => p.returnedAt).flatMap((p) => p.skus));
  const families = new Set(input.lines.filter((l) => l.family && !returned.has(l.sku)).map((l) => l.family!));
  for (const family of [...families].sort()) {
    const windows = windowsFor(family, input.rules);
    add("reorder", family, tenOClock(input.placedAt, windows.reorder, offset));
    add("upsell", family, tenOClock(input.placedAt, windows.upsell, offset));
    add("replenishment", family, tenOClock(input.placedAt, windows.replenishment, offset));
  }
  return moments.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || MOMENT_KINDS.indexOf(a.kind) - MOMENT_KINDS.indexOf(b.kind));
}

/** Why a due moment was not sent (recorded on it, shown in the moments answer). */
export type Suppression = "erased" | "opted_out" | "no_marketing_consent" | "holdout" | "reordered";

/**
 * Whether a due moment goes out, and under what, checked at send time with what is known then. An
 * erased customer hears nothing; service moments follow the delivery-update choice (none: nothing);
 * marketing needs marketing consent on a channel (domain/consent.ts) and is withheld from the holdout
 * arm; a reorder or restock reminder is moot once the shopper bought that family again. Consent is
 * checked before the holdout, so lift compares shoppers who could have received the message.
 */
export function decideMoment(
  moment: Pick<Moment, "kind" | "ref" | "marketing">,
  facts: { arm: Arm; updates?: UpdateChannel | null; consents: MarketingConsents; erased: boolean; reorderedFamilies: ReadonlySet<string> },
): { send: SentUnder } | { suppressed: Suppression } {
  if (facts.erased) return { suppressed: "erased" };
  const basis = sendingBasis(moment, { updates: facts.updates, consents: facts.consents });
  if (typeof basis === "string") return { suppressed: basis };
  if (moment.marketing && facts.arm === "holdout") return { suppressed: "holdout" };
  if ((moment.kind === "reorder" || moment.kind === "replenishment") && facts.reorderedFamilies.has(moment.ref))
    return { suppressed: "reordered" };
  return { send: basis };
}
