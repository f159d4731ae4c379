/**
 * When orders happen: a weekly rhythm (weekends busier) with a little growth over the weeks, plus the
 * returns of shoppers who clicked an offer and come back to buy it, all taken in time order.
 */
import type { Dice } from "./dice.ts";
import { DAY, type Customer } from "./types.ts";

/** Means are a little under the target of 8–15 a day: clicked offers bring extra orders on top. */
const DAILY_MEAN = [12.4, 8.6, 8.1, 8.6, 9.1, 10, 12.9]; // Sunday first (UTC day of week)

export interface Slot {
  at: number;
  customer?: Customer;
  /** A clicked offer the shopper comes back for. */
  sku?: string;
}

export interface OrderCalendar {
  /** The next order to place, the earliest of the regular ones and the planned returns; none when done. */
  next(): Slot | undefined;
  /** A shopper coming back later for what they clicked. */
  planReturn(slot: Slot): void;
}

export function orderCalendar(dice: Dice, firstDay: number, days: number): OrderCalendar {
  const regular = regularSlots(dice, firstDay, days);
  const returns: Slot[] = [];
  return {
    next() {
      const fromReturns = returns.length && (!regular.length || returns[0]!.at < regular[0]!.at);
      return fromReturns ? returns.shift() : regular.shift();
    },
    planReturn(slot) {
      const at = returns.findIndex((p) => p.at > slot.at);
      returns.splice(at < 0 ? returns.length : at, 0, slot);
    },
  };
}

/** Seven to thirteen orders a day around the weekday's mean, at any time of the day. */
function regularSlots(dice: Dice, firstDay: number, days: number): Slot[] {
  const slots: Slot[] = [];
  for (let d = 0; d < days; d++) {
    const dayStart = firstDay + d * DAY;
    const weekday = new Date(dayStart).getUTCDay();
    const mean = DAILY_MEAN[weekday]! * (0.92 + (0.16 * d) / days);
    const n = Math.max(7, Math.min(13, Math.round(mean * dice.between(0.78, 1.22))));
    for (let i = 0; i < n; i++) slots.push({ at: dayStart + dice.between(0, DAY) });
  }
  return slots.sort((a, b) => a.at - b.at);
}
