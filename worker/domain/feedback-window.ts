import type { FeedbackTiming } from "../schemas/store.ts";

export interface FeedbackFacts {
  placedAt: string;
  /** Product families of the order's lines (undefined where a line has none). */
  families: (string | undefined)[];
  /** Each parcel's delivery time, undefined while it is not delivered. */
  deliveredAt: (string | undefined)[];
  timing: FeedbackTiming;
}

export interface FeedbackWindow {
  /** ISO time the survey and review invitations open. */
  opensAt: string;
  /** Why then: after the last parcel arrived and the items had time to be used, or the fallback. */
  basis: "delivered" | "fallback";
}

const DAY = 86_400_000;

/**
 * When to ask how it went: once *every* parcel is delivered, plus the time the order's products need
 * before anyone can judge them (the longest of its families: a mattress takes weeks, a T-shirt days).
 * If a carrier never reports delivery, the fallback counts from the order instead, so nobody is
 * asked never.
 */
export function feedbackWindow({ placedAt, families, deliveredAt, timing }: FeedbackFacts): FeedbackWindow {
  const useDays = Math.max(0, ...families.map((f) => (f === undefined ? undefined : timing.useDays[f]) ?? timing.defaultUseDays));
  const allDelivered = deliveredAt.length > 0 && deliveredAt.every(Boolean);
  const fallback = Date.parse(placedAt) + (timing.fallbackDays + useDays) * DAY;
  if (!allDelivered) return { opensAt: new Date(fallback).toISOString(), basis: "fallback" };
  const last = Math.max(...deliveredAt.map((d) => Date.parse(d!)));
  const opens = last + useDays * DAY;
  // A late delivery report never pushes the invitation past the fallback a shopper was already due.
  return opens <= fallback
    ? { opensAt: new Date(opens).toISOString(), basis: "delivered" }
    : { opensAt: new Date(fallback).toISOString(), basis: "fallback" };
}
