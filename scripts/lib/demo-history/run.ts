/**
 * One generation run's shared state: the clock, the dice, the calendar, and what has been made so far
 * (customers, orders, widget events, offer decisions). Every step of the story reads and adds to it.
 */
import { demoStoreSettings } from "../../../demo-store/settings.ts";
import { storeSettings, type FeedbackTiming } from "../../../worker/schemas/store.ts";
import { orderCalendar, type OrderCalendar } from "./calendar.ts";
import { createDice, type Dice } from "./dice.ts";
import { DAY, type Customer, type HistoryDecision, type HistoryEvent, type HistoryOptions, type HistoryOrder } from "./types.ts";

export interface HistoryRun {
  storeId: string;
  shopOrigin: string;
  holdoutShare: number;
  nowMs: number;
  /** Midnight UTC today: returns planned after it do not happen. */
  startOfToday: number;
  /** Midnight UTC of the first day of history. */
  firstDay: number;
  dice: Dice;
  calendar: OrderCalendar;
  /** The store's survey timing (when after delivery it asks). */
  timing: FeedbackTiming;
  customers: Customer[];
  /** Emails taken, so no two shoppers share one. */
  emails: Set<string>;
  trackingNumbers: Set<string>;
  orders: HistoryOrder[];
  events: HistoryEvent[];
  decisions: HistoryDecision[];
}

/** The seeded current orders' customers (demo-store/seed-orders.ts): history must not adopt them. */
const RESERVED_EMAILS = ["maya.chen@example.com", "jonas.weber@example.de", "priya.raman@example.com", "luis.ortega@example.com"];

export function startRun(options: HistoryOptions): HistoryRun {
  const { now } = options;
  const days = options.days ?? 56;
  const dice = createDice(options.seed ?? 20261201);
  const startOfToday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const firstDay = startOfToday - days * DAY;
  return {
    storeId: options.storeId,
    shopOrigin: options.shopOrigin,
    holdoutShare: options.holdoutShare ?? 0.1,
    nowMs: now.getTime(),
    startOfToday,
    firstDay,
    dice,
    calendar: orderCalendar(dice, firstDay, days),
    timing: storeSettings.parse(demoStoreSettings(options.shopOrigin)).feedback,
    customers: [],
    emails: new Set(RESERVED_EMAILS),
    trackingNumbers: new Set(),
    orders: [],
    events: [],
    decisions: [],
  };
}

/**
 * A widget event on the order's page, unless it would lie in the future (then false). Usually received
 * right away; now and then the widget's queue sends it a few minutes later.
 */
export function recordEvent(run: HistoryRun, order: HistoryOrder, type: string, target: string | undefined, at: number): boolean {
  if (at >= run.nowMs) return false;
  const { dice } = run;
  const delay = dice.chance(0.93) ? dice.between(150, 2500) : dice.between(30_000, 600_000);
  run.events.push({
    id: dice.randomId(22),
    orderId: order.input.id,
    customerId: order.customer.id,
    type,
    target,
    at,
    receivedAt: Math.min(run.nowMs, at + delay),
  });
  return true;
}
