/**
 * Eight weeks of believable history for the demo store, so the merchant dashboard has something to show:
 * orders with a weekly rhythm (weekends busier), returning customers, parcels and their carrier scans,
 * the widget's events (confirmation and tracking views, checkout feel, the survey funnel, review
 * prompts, offer clicks), survey answers, reviews, offer decisions (holdout included) and the
 * conversions of clicked offers.
 *
 * Everything is generated first, as plain data and deterministically (a seeded PRNG; the same `now`
 * gives the same history), then written straight into the local D1 SQLite file in one transaction, the
 * way scripts/bench/offers-data.ts does, while no `wrangler dev` holds it. Orders and shipments go
 * through the worker's own statement builders (orderUpsertStatements, which brings
 * newOrderFactsStatements: counters, co-purchase, customer totals and offer conversions;
 * shipmentUpsertStatements; insertUpdateStatements), so the aggregates are exactly what the worker
 * would have kept. History orders are `H-10001`…; if any exists the store is left as it is.
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { catalog, type Product } from "../../demo-store/catalog.ts";
import { customerIdFor } from "../../demo-store/customer.ts";
import { buildOrder } from "../../demo-store/orders.ts";
import { findDiscountCode, marketFor, type Market } from "../../demo-store/pricing.ts";
import { demoStoreSettings } from "../../demo-store/settings.ts";
import { seededRandom } from "../../worker/domain/offers/bandit.ts";
import { armOf, type Arm } from "../../worker/domain/offers/holdout.ts";
import { segmentOf } from "../../worker/domain/offers/offers-for.ts";
import { quintilesOf, type CustomerTotals, type Quintiles } from "../../worker/domain/offers/rfm.ts";
import { feedbackWindow } from "../../worker/domain/feedback-window.ts";
import { surveySignal, type Wants } from "../../worker/domain/survey-signal.ts";
import type { OrderInput } from "../../worker/schemas/order.ts";
import type { ShipmentStatus } from "../../worker/domain/shipment-status.ts";
import { storeSettings, type FeedbackTiming } from "../../worker/schemas/store.ts";
import { decisionStatement, kindStatsStatement } from "../../worker/storage/offers.ts";
import { orderUpsertStatements } from "../../worker/storage/orders.ts";
import { insertUpdateStatements, shipmentUpsertStatements, type UpdateToStore } from "../../worker/storage/shipments.ts";
import { sql, type Statement } from "../../worker/storage/statement.ts";

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

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/** The offers view's limits per placement (schemas/offers.ts defaults, which the demo store keeps). */
const MAX_OFFERS = { confirmation: 3, tracking: 2, survey: 3 } as const;
/** The seeded current orders' customers (demo-store/seed-orders.ts): history must not adopt them. */
const RESERVED_EMAILS = new Set(["maya.chen@example.com", "jonas.weber@example.de", "priya.raman@example.com", "luis.ortega@example.com"]);

type Placement = keyof typeof MAX_OFFERS;
type Kind = "cross_sell" | "upsell" | "reorder" | "education" | "support";

interface Customer {
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

interface ShipmentPlan {
  id: string;
  carrier: string;
  trackingNumber: string;
  createdAt: number;
  scans: { id: string; status: ShipmentStatus; at: number; location: string; description?: string }[];
  deliveredAt?: number;
  trouble?: "delayed" | "exception";
}

interface SurveyPlan {
  rating: number;
  standout?: { choice: string; text?: string };
  wants?: Wants;
  comment?: string;
  callback?: { phone: string; time: string };
  steps: number;
  createdAt: number;
  step2At?: number;
  updatedAt: number;
  completedAt?: number;
  /** When a detractor's alert was marked handled (only written where the column exists). */
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

interface OfferRecord {
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

export interface DemoHistory {
  orders: HistoryOrder[];
  events: HistoryEvent[];
  decisions: HistoryDecision[];
  /** Cut points as the nightly job would have left them at `now`. */
  quintiles: Quintiles;
  kindStats: { segment: string; kind: string; shown: number; clicked: number }[];
}

// ---------------------------------------------------------------------------------------------------
// Words: names, comments, reviews.

const US_FIRST = ["Olivia", "Liam", "Emma", "Noah", "Ava", "Ethan", "Sophia", "Mason", "Isabella", "Lucas", "Mia", "Logan", "Harper", "Elijah", "Amelia", "James", "Evelyn", "Aiden", "Abigail", "Carter", "Ella", "Jackson", "Scarlett", "Mateo", "Grace", "Wyatt", "Chloe", "Owen", "Zoe", "Caleb", "Nora", "Ryan", "Hannah", "Nathan", "Aria", "Dylan", "Layla", "Isaac", "Riley", "Hunter", "Camila", "Jordan", "Avery", "Sam", "Taylor", "Devon"];
const US_LAST = ["Johnson", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Kim", "Patel", "Park", "Okafor", "Brooks"];
const DE_FIRST = ["Lukas", "Anna", "Leon", "Marie", "Finn", "Sophie", "Paul", "Emilia", "Jonas", "Lena", "Felix", "Hannah", "Maximilian", "Lea", "Elias", "Clara", "Noah", "Johanna", "Ben", "Greta", "Moritz", "Ida", "Tim", "Frieda"];
const DE_LAST = ["Müller", "Schmidt", "Schneider", "Fischer", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Braun", "Zimmermann", "Krüger", "Hartmann", "Lange", "Werner"];
const US_TAX_RATES = [0.06, 0.0625, 0.0725, 0.08625, 0.0881, 0.0475, 0, 0.07, 0.0825];
const US_AREA_CODES = ["415", "303", "720", "206", "503", "512", "617", "312", "646", "801"];
const US_PLACES = [
  ["Memphis, TN", "Louisville, KY", "Indianapolis, IN", "Columbus, OH"],
  ["Denver, CO", "Salt Lake City, UT", "Portland, OR", "Seattle, WA", "Boulder, CO"],
  ["Chicago, IL", "Austin, TX", "Boston, MA", "Brooklyn, NY", "Oakland, CA"],
];
const DE_PLACES = [["Leipzig", "Bad Hersfeld", "Hamburg"], ["Kassel", "Frankfurt am Main", "Köln"], ["Berlin", "München", "Freiburg", "Dresden"]];

const STANDOUT_TEXT: Record<string, string[]> = {
  product_quality: ["The fit is spot on", "Feels really well made", "Lighter than I expected", "Great materials"],
  delivery_speed: ["Arrived a day early", "Fast shipping", "Quicker than promised"],
  packaging: ["No plastic, nice touch", "Neatly packed"],
  price: ["Good value for the quality", "The welcome discount helped"],
  website: ["Checkout was quick", "Easy to find my size"],
  support: ["Support answered within the hour"],
  late: ["Took more than a week", "Sat in a depot for days", "Arrived after the promised date"],
  damaged: ["Box was crushed", "Packaging torn open", "Box arrived soaked"],
};

const COMMENTS = {
  positive: [
    "Love it, already planning my next order.",
    "Perfect for my morning runs.",
    "Exactly as described. Will buy again.",
    "Great quality and the tracking updates were handy.",
    "Used it on a weekend hike, no complaints at all.",
    "Second order here, consistently good.",
    "Gift for my partner, they were thrilled.",
    "Comfortable right out of the box.",
  ],
  neutral: [
    "Good product, but shipping could be faster.",
    "Fine overall. Sizing runs a little small.",
    "Does the job. A bit pricey.",
    "OK, but the colour is darker than in the photos.",
  ],
  late: [
    "Delivery was almost a week late and nobody told me why.",
    "Arrived late, after the trip I bought it for.",
    "Tracking said out for delivery for two days. Very frustrating.",
  ],
  damaged: [
    "The box arrived crushed and the packaging was torn.",
    "Damaged packaging, one item was scuffed.",
    "Parcel was left in the rain and the box fell apart.",
  ],
  unhappy: ["The sole started peeling after two runs.", "Not what I expected for the price.", "Zipper broke on the first use."],
};
const COMMENTS_DE = {
  positive: ["Super Qualität, gerne wieder.", "Passt perfekt, schnelle Lieferung.", "Genau wie beschrieben."],
  neutral: ["Ganz okay, Versand hat etwas gedauert.", "Gut, aber etwas teuer."],
  late: ["Die Lieferung kam fast eine Woche zu spät.", "Paket hing tagelang im Verteilzentrum."],
  damaged: ["Karton war beschädigt und aufgerissen.", "Verpackung kaputt, Artikel leicht verkratzt."],
  unhappy: ["Leider nach kurzer Zeit kaputt.", "Hatte mehr erwartet."],
};

const REVIEW_TITLES: Record<number, string[]> = {
  5: ["Love it", "Best purchase this year", "Exactly what I needed", "Fantastic", "Highly recommend"],
  4: ["Really good", "Great, minor quibble", "Solid choice", "Happy with it"],
  3: ["It's okay", "Decent", "Mixed feelings"],
  2: ["Disappointed", "Not great"],
  1: ["Would not buy again", "Poor"],
};
const REVIEW_TITLES_DE: Record<number, string[]> = {
  5: ["Top!", "Absolut empfehlenswert"],
  4: ["Sehr gut", "Gutes Produkt"],
  3: ["Geht so", "Okay"],
  2: ["Enttäuscht"],
  1: ["Nicht zu empfehlen"],
};
const REVIEW_BODIES: Record<string, { good: string[]; meh: string[]; bad: string[] }> = {
  footwear: {
    good: ["Grippy on wet rock and comfortable from the first run.", "True to size, plenty of room in the toe box.", "My go-to shoe for long runs now."],
    meh: ["Comfortable, but the laces keep coming undone.", "Runs half a size small."],
    bad: ["Gave me blisters on every run.", "The sole wore down within a month."],
  },
  outerwear: {
    good: ["Packs down to nothing and blocks the wind well.", "Kept me dry in a light shower."],
    meh: ["Does the job, a bit noisy."],
    bad: ["Wetted out in the first real rain."],
  },
  apparel: {
    good: ["Soft, no itch, and it really doesn't smell after a few days.", "Great fit, washes well."],
    meh: ["Nice fabric but shrank a little."],
    bad: ["Got a hole after two washes."],
  },
  packs: {
    good: ["Lots of pockets and it sits comfortably even when full.", "No bounce at all when running."],
    meh: ["Good pack, the straps could be more padded."],
    bad: ["The zip jammed on day one."],
  },
  socks: {
    good: ["No blisters, and they stay up.", "Best running socks I've owned."],
    meh: ["Comfortable but a bit thick for summer."],
    bad: ["Holes in the heel after a few weeks."],
  },
  lighting: {
    good: ["Bright, light, and the battery lasts all week.", "Red mode is great around camp."],
    meh: ["Bright enough, the strap slips a little."],
    bad: ["Stopped charging after a week."],
  },
};
const REVIEW_BODIES_DE = { good: ["Sehr zufrieden, gute Verarbeitung."], meh: ["Ganz in Ordnung für den Preis."], bad: ["Leider schnell kaputt gegangen."] };

// ---------------------------------------------------------------------------------------------------
// Baskets and offers.

const product = (sku: string): Product => {
  const found = catalog.find((p) => p.sku === sku);
  if (!found) throw new Error(`demo history names an unknown sku: ${sku}`);
  return found;
};

/** What shoppers come for: a main item and what tends to go with it (so co-purchase has structure). */
const MISSIONS: { weight: number; main: string; extras: [string, number][] }[] = [
  { weight: 0.2, main: "ridgeline-trail-runner", extras: [["trail-sock-3pack", 0.6], ["switchback-run-vest", 0.2], ["beacon-headlamp", 0.15]] },
  { weight: 0.15, main: "tempo-road-shoe", extras: [["trail-sock-3pack", 0.55], ["basecamp-merino-tee", 0.3]] },
  // Hikers take a tee and a shell with the daypack; a headlamp only now and then.
  { weight: 0.16, main: "summit-daypack", extras: [["basecamp-merino-tee", 0.5], ["cirrus-wind-shell", 0.4], ["beacon-headlamp", 0.05], ["trail-sock-3pack", 0.1]] },
  { weight: 0.13, main: "cirrus-wind-shell", extras: [["basecamp-merino-tee", 0.55]] },
  { weight: 0.07, main: "switchback-run-vest", extras: [["trail-sock-3pack", 0.3], ["beacon-headlamp", 0.2]] },
  { weight: 0.1, main: "trail-sock-3pack", extras: [] },
  { weight: 0.09, main: "beacon-headlamp", extras: [["trail-sock-3pack", 0.2]] },
  { weight: 0.1, main: "basecamp-merino-tee", extras: [] },
];

/** Co-purchase neighbours as the mission structure makes them, strongest first (for offer reasons). */
const NEIGHBOURS: Record<string, string[]> = {
  "ridgeline-trail-runner": ["trail-sock-3pack", "switchback-run-vest", "beacon-headlamp"],
  "tempo-road-shoe": ["trail-sock-3pack", "basecamp-merino-tee"],
  "summit-daypack": ["basecamp-merino-tee", "cirrus-wind-shell"],
  "cirrus-wind-shell": ["basecamp-merino-tee", "summit-daypack"],
  "basecamp-merino-tee": ["cirrus-wind-shell", "summit-daypack", "tempo-road-shoe"],
  "switchback-run-vest": ["ridgeline-trail-runner", "trail-sock-3pack", "beacon-headlamp"],
  "trail-sock-3pack": ["ridgeline-trail-runner", "tempo-road-shoe", "switchback-run-vest"],
  "beacon-headlamp": ["ridgeline-trail-runner", "switchback-run-vest"],
};
/** The demo store's offer rules (scripts/lib/demo-setup.ts seedOffers). */
const PAIRS: Record<string, string[]> = { footwear: ["trail-sock-3pack"], "summit-daypack": ["beacon-headlamp"] };
const EDUCATION_FAMILIES = new Set(["footwear"]);

// ---------------------------------------------------------------------------------------------------

export function generateDemoHistory(options: HistoryOptions): DemoHistory {
  const { storeId, now, shopOrigin } = options;
  const days = options.days ?? 56;
  const holdoutShare = options.holdoutShare ?? 0.1;
  const nowMs = now.getTime();
  const random = seededRandom(options.seed ?? 20261201);
  const chance = (p: number) => random() < p;
  const between = (a: number, b: number) => a + random() * (b - a);
  const int = (a: number, b: number) => a + Math.floor(random() * (b - a + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const weighted = <T>(items: readonly (readonly [T, number])[]): T => {
    let r = random() * items.reduce((s, [, w]) => s + w, 0);
    for (const [item, w] of items) if ((r -= w) < 0) return item;
    return items[items.length - 1]![0];
  };
  const randomId = (length: number) => {
    let id = "";
    for (let i = 0; i < length; i++) id += TOKEN_CHARS[Math.floor(random() * 64)];
    return id;
  };
  const digits = (n: number) => {
    let s = "";
    for (let i = 0; i < n; i++) s += String(Math.floor(random() * 10));
    return s;
  };
  const timing: FeedbackTiming = storeSettings.parse(demoStoreSettings(shopOrigin)).feedback;
  const us = marketFor("US")!;
  const de = marketFor("DE")!;
  const welcome = findDiscountCode("WELCOME10");

  const startOfToday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const firstDay = startOfToday - days * DAY;

  // Customers ------------------------------------------------------------------------------------
  const customers: Customer[] = [];
  const emails = new Set<string>(RESERVED_EMAILS);
  const newCustomer = (): Customer => {
    const german = chance(0.2);
    const market = german ? de : us;
    let email = "";
    while (!email || emails.has(email)) {
      const first = pick(german ? DE_FIRST : US_FIRST);
      const last = pick(german ? DE_LAST : US_LAST);
      const local = `${first}.${last}`.toLowerCase().replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue").replace(/ß/g, "ss");
      email = `${local}${chance(0.3) ? int(2, 99) : ""}@example.${german ? "de" : "com"}`;
    }
    emails.add(email);
    const id = customerIdFor(email);
    const phone = chance(0.3) ? (german ? `+49 30 5550 ${digits(4)}` : `+1 (${pick(US_AREA_CODES)}) 555-01${digits(2)}`) : undefined;
    const customer: Customer = { id, email, phone, market, taxRate: german ? 0 : pick(US_TAX_RATES), arm: armOf(storeId, id, holdoutShare), orders: [] };
    customers.push(customer);
    return customer;
  };

  // When orders happen: a weekly rhythm (weekends busier), a little growth over the weeks -------------
  // Means are a little under the target of 8–15 a day: clicked offers bring extra orders on top.
  const DAILY_MEAN = [12.4, 8.6, 8.1, 8.6, 9.1, 10, 12.9]; // Sunday first (UTC day of week)
  // Shoppers' local hours: lunch and evening peaks, quiet nights.
  const LOCAL_HOURS: [number, number][] = Array.from({ length: 24 }, (_, h) => [h, h < 6 ? 0.15 : h < 9 ? 0.6 : h < 12 ? 1 : h < 14 ? 1.4 : h < 18 ? 1 : h < 23 ? 1.6 : 0.6]);
  interface Slot {
    at: number;
    customer?: Customer;
    /** A clicked offer the shopper comes back for. */
    sku?: string;
  }
  const slots: Slot[] = [];
  for (let d = 0; d < days; d++) {
    const dayStart = firstDay + d * DAY;
    const weekday = new Date(dayStart).getUTCDay();
    const mean = DAILY_MEAN[weekday]! * (0.92 + (0.16 * d) / days);
    const n = Math.max(7, Math.min(13, Math.round(mean * between(0.78, 1.22))));
    for (let i = 0; i < n; i++) slots.push({ at: dayStart + between(0, DAY) });
  }
  slots.sort((a, b) => a.at - b.at);
  // Returning shoppers who come back for a clicked offer, kept in time order.
  const planned: Slot[] = [];
  const plan = (slot: Slot) => {
    const at = planned.findIndex((p) => p.at > slot.at);
    planned.splice(at < 0 ? planned.length : at, 0, slot);
  };

  const orders: HistoryOrder[] = [];
  const events: HistoryEvent[] = [];
  const decisions: HistoryDecision[] = [];
  const trackingNumbers = new Set<string>();

  const event = (order: HistoryOrder, type: string, target: string | undefined, at: number) => {
    if (at >= nowMs) return false;
    // Usually right away; now and then the widget's queue sends it a few minutes later.
    const delay = chance(0.93) ? between(150, 2500) : between(30_000, 600_000);
    events.push({ id: randomId(22), orderId: order.input.id, customerId: order.customer.id, type, target, at, receivedAt: Math.min(nowMs, at + delay) });
    return true;
  };

  const basket = (returning: boolean, sku?: string): { product: Product; quantity: number }[] => {
    const items = new Map<string, number>();
    if (sku) {
      items.set(sku, 1);
      if (sku !== "trail-sock-3pack" && chance(0.25)) items.set("trail-sock-3pack", 1);
    } else {
      // Returning shoppers restock the small things more often.
      const mission = returning && chance(0.45) ? MISSIONS[pick([5, 6, 7, 3])]! : weighted(MISSIONS.map((m) => [m, m.weight] as const));
      items.set(mission.main, mission.main === "trail-sock-3pack" ? weighted([[1, 0.6], [2, 0.3], [3, 0.1]]) : mission.main === "basecamp-merino-tee" && chance(0.25) ? 2 : 1);
      for (const [extra, p] of mission.extras) if (chance(p)) items.set(extra, extra === "trail-sock-3pack" && chance(0.25) ? 2 : 1);
    }
    return [...items].map(([s, quantity]) => ({ product: product(s), quantity }));
  };

  // Offers as the ranking would have put them: co-purchase neighbours and the store's pairings for what
  // was bought, a step up or another of something bought weeks ago, how-to content for the lukewarm,
  // and only support for the unhappy; each kind's score damped by a sampled click-through (0.5–1).
  const offersFor = (order: HistoryOrder, placement: Placement, at: number): OfferRecord[] => {
    const rating = order.survey && order.survey.createdAt <= at ? order.survey.rating : undefined;
    if (rating !== undefined && rating <= 2) return [{ sku: "support", kind: "support", score: 1, reason: "detractor_support" }];
    const weight: Record<Kind, number> = { cross_sell: between(0.5, 1), upsell: between(0.5, 1), reorder: between(0.5, 1), education: between(0.5, 1), support: 1 };
    const orderSkus = order.input.lines.map((l) => l.sku);
    const candidates = new Map<string, OfferRecord>();
    const add = (sku: string, kind: Kind, base: number, reason: string) => {
      const score = Math.round(base * weight[kind] * 10_000) / 10_000;
      const seen = candidates.get(sku);
      if (!seen || seen.score < score) candidates.set(sku, { sku, kind, score, reason });
    };
    if (rating === 3) {
      for (const line of order.input.lines) if (line.family && EDUCATION_FAMILIES.has(line.family)) add(line.sku, "education", 1, "how_to");
    } else {
      const bought = new Map<string, number>();
      for (const o of order.customer.orders) if (o.placedAt <= at) for (const l of o.input.lines) bought.set(l.sku, Math.max(bought.get(l.sku) ?? 0, o.placedAt));
      for (const sku of orderSkus) {
        (NEIGHBOURS[sku] ?? []).forEach((n, i) => !bought.has(n) && add(n, "cross_sell", between(0.75, 1) - i * 0.18, "co_purchase"));
        for (const n of [...(PAIRS[sku] ?? []), ...(PAIRS[product(sku).family] ?? [])]) if (!bought.has(n)) add(n, "cross_sell", 0.7, "pairs_with");
      }
      for (const [sku, last] of bought) {
        const daysAgo = (at - last) / DAY;
        const p = product(sku);
        if (p.family !== "socks" && p.family !== "footwear" && daysAgo >= 7) add(sku, "reorder", 0.5, "reorder_window");
        if (daysAgo >= 14) {
          for (const step of catalog) {
            if (step.family === p.family && !bought.has(step.sku) && step.price > p.price && step.price <= p.price * 2.5) add(step.sku, "upsell", 0.6, "upsell_family");
          }
        }
      }
      // Neighbours of neighbours, weakly, so a single-item order still has a few to show.
      if (candidates.size < 2) for (const sku of ["beacon-headlamp", "trail-sock-3pack", "basecamp-merino-tee"]) if (!bought.has(sku)) add(sku, "cross_sell", 0.25, "co_purchase");
    }
    return [...candidates.values()].sort((a, b) => b.score - a.score || a.sku.localeCompare(b.sku)).slice(0, MAX_OFFERS[placement]);
  };

  const decide = (order: HistoryOrder, placement: Placement, at: number, clickRate: number) => {
    if (at >= nowMs) return;
    const arm = order.customer.arm;
    const decision: HistoryDecision = {
      id: `dec_${randomId(16)}`,
      orderId: order.input.id,
      customerId: order.customer.id,
      placement,
      arm,
      segment: "one_time",
      offers: arm === "holdout" ? [] : offersFor(order, placement, at),
      at: at + between(200, 900),
    };
    decisions.push(decision);
    // At most one click per page view; the first offer draws the most.
    for (const [i, offer] of decision.offers.entries()) {
      if (!chance(clickRate * (i === 0 ? 1.4 : i === 1 ? 0.9 : 0.6))) continue;
      const clickAt = decision.at + between(8_000, 240_000);
      if (!event(order, "offer_click", `${offer.kind}:${offer.sku}`, clickAt)) break;
      decision.clicked = { kind: offer.kind, at: clickAt };
      // Some come back within the week and buy it: the worker records that order as the click's conversion.
      if ((offer.kind === "cross_sell" || offer.kind === "upsell" || offer.kind === "reorder") && chance(0.4)) {
        const orderAt = clickAt + between(0.2, 6.5) * DAY;
        if (orderAt < startOfToday) plan({ at: orderAt, customer: order.customer, sku: offer.sku });
      }
      break;
    }
  };

  const shipmentFor = (order: HistoryOrder): ShipmentPlan => {
    const german = order.customer.market.country === "DE";
    const carrier = german ? weighted([["DHL", 0.75], ["DPD", 0.25]] as const) : weighted([["UPS", 0.45], ["USPS", 0.35], ["FedEx", 0.2]] as const);
    let trackingNumber = "";
    while (!trackingNumber || trackingNumbers.has(trackingNumber)) {
      trackingNumber =
        carrier === "UPS" ? `1Z${randomId(6).toUpperCase().replace(/[-_]/g, "X")}03${digits(8)}`
        : carrier === "USPS" ? `9405${digits(18)}`
        : carrier === "FedEx" ? digits(12)
        : carrier === "DHL" ? `00340512${digits(12)}`
        : `0150${digits(10)}`;
    }
    trackingNumbers.add(trackingNumber);
    const places = german ? DE_PLACES : US_PLACES;
    const trouble = chance(0.07) ? "delayed" : chance(0.035) ? "exception" : undefined;
    const packedAt = order.placedAt + between(4, 26) * HOUR;
    const shippedAt = packedAt + between(2, 9) * HOUR;
    // 2–5 days door to door; a delayed parcel takes 2–4 days more, an exception one more attempt.
    let deliveredAt = order.placedAt + between(2, 5) * DAY;
    if (deliveredAt < shippedAt + 14 * HOUR) deliveredAt = shippedAt + between(14, 30) * HOUR;
    if (trouble === "delayed") deliveredAt += between(2, 4) * DAY;
    if (trouble === "exception") deliveredAt += between(1, 2) * DAY;
    const scans: ShipmentPlan["scans"] = [
      { id: "packed", status: "packed", at: packedAt, location: pick(places[0]!) },
      { id: "in-transit", status: "in_transit", at: shippedAt, location: pick(places[0]!), description: german ? "Sendung wurde abgeholt" : "Picked up by carrier" },
      { id: "hub", status: "in_transit", at: shippedAt + (deliveredAt - shippedAt) * between(0.35, 0.6), location: pick(places[1]!), description: german ? "Im Verteilzentrum" : "Arrived at sort facility" },
    ];
    if (trouble === "delayed") {
      scans.push({ id: "delay", status: "in_transit", at: shippedAt + (deliveredAt - shippedAt) * 0.7, location: pick(places[1]!), description: german ? "Verzögerung im Netzwerk" : "Delayed in the carrier network" });
    }
    if (trouble === "exception") {
      const attempt = deliveredAt - between(20, 28) * HOUR;
      scans.push({ id: "attempt", status: "exception", at: attempt, location: pick(places[2]!), description: german ? "Zustellversuch fehlgeschlagen" : "Delivery attempted: no one available" });
    }
    const destination = pick(places[2]!);
    scans.push({ id: "out-for-delivery", status: "out_for_delivery", at: deliveredAt - between(3, 7) * HOUR, location: destination });
    scans.push({ id: "delivered", status: "delivered", at: deliveredAt, location: destination, description: german ? "Zugestellt" : "Delivered, front door" });
    const visible = scans.filter((s) => s.at < nowMs);
    return {
      id: `${order.input.id}-1`,
      carrier,
      trackingNumber,
      createdAt: packedAt - between(5, 40) * MINUTE,
      scans: visible,
      deliveredAt: deliveredAt < nowMs ? deliveredAt : undefined,
      trouble,
    };
  };

  const surveyFor = (order: HistoryOrder, shipment: ShipmentPlan, shownAt: number): SurveyPlan | undefined => {
    if (!chance(0.75)) return undefined; // shown, never answered
    const german = order.customer.market.country === "DE";
    // Mostly happy; a late or troubled parcel, or a damaged box, pulls the answer down.
    let rating = weighted([[5, 0.49], [4, 0.3], [3, 0.11], [2, 0.06], [1, 0.04]] as const) as number;
    const damaged = chance(0.05);
    if (shipment.trouble && chance(0.55)) rating = Math.max(1, rating - int(1, 3));
    else if (damaged && chance(0.6)) rating = Math.max(1, rating - int(1, 3));
    const step1 = shownAt + between(15, 60) * 1000;
    const survey: SurveyPlan = { rating, steps: 1, createdAt: step1, updatedAt: step1 };
    if (!chance(0.845) || step1 + 2 * MINUTE >= nowMs) return survey;
    const late = shipment.trouble !== undefined;
    const choice =
      rating >= 4 ? weighted([["product_quality", 0.4], ["delivery_speed", 0.25], ["packaging", 0.08], ["price", 0.1], ["website", 0.12], ["support", 0.05]] as const)
      : rating === 3 ? weighted([["price", 0.3], ["delivery_speed", late ? 0.6 : 0.2], ["product_quality", 0.25], ["website", 0.1], ["other", 0.1]] as const)
      : late ? weighted([["delivery_speed", 0.8], ["support", 0.2]] as const)
      : damaged ? "packaging"
      : weighted([["product_quality", 0.6], ["packaging", 0.25], ["support", 0.15]] as const);
    const textPool = rating <= 2 && choice === "delivery_speed" ? STANDOUT_TEXT.late : rating <= 2 && choice === "packaging" ? STANDOUT_TEXT.damaged : STANDOUT_TEXT[choice];
    survey.standout = { choice, text: textPool && !german && chance(0.3) ? pick(textPool) : undefined };
    survey.steps = 2;
    survey.step2At = survey.updatedAt = step1 + between(20, 90) * 1000;
    if (!chance(0.87)) return survey;
    const step3 = survey.updatedAt + between(20, 150) * 1000;
    survey.wants = rating <= 2 ? weighted([["none", 0.8], ["tip", 0.2]] as const) : weighted([["tip", 0.3], ["promotion", 0.3], ["demo", 0.05], ["none", 0.35]] as const);
    const words = german ? COMMENTS_DE : COMMENTS;
    if (rating <= 2 ? chance(0.85) : chance(0.4)) {
      survey.comment =
        rating >= 4 ? pick(words.positive)
        : rating === 3 ? pick(words.neutral)
        : choice === "delivery_speed" ? pick(words.late)
        : choice === "packaging" ? pick(words.damaged)
        : pick(words.unhappy);
    }
    if (rating <= 2 && chance(0.5)) {
      survey.callback = {
        phone: order.customer.phone ?? (german ? `+49 40 5550 ${digits(4)}` : `+1 (${pick(US_AREA_CODES)}) 555-01${digits(2)}`),
        time: german ? pick(["vormittags", "nach 17 Uhr"]) : pick(["weekday mornings", "after 5pm", "any time Friday", "lunchtime"]),
      };
    }
    survey.steps = 3;
    survey.updatedAt = step3;
    survey.completedAt = step3;
    return survey;
  };

  const reviewsFor = (order: HistoryOrder, survey: SurveyPlan, at: number): HistoryOrder["reviews"] => {
    const german = order.customer.market.country === "DE";
    const skus = [...new Set(order.input.lines.map((l) => l.sku))];
    return skus.map((sku, i) => {
      const p = product(sku);
      // The product is judged apart from the parcel: a late delivery does not make the shoe worse.
      const aboutDelivery = survey.rating <= 2 && (survey.standout?.choice === "delivery_speed" || survey.standout?.choice === "packaging");
      const stars = aboutDelivery ? int(3, 4) : Math.max(1, Math.min(5, survey.rating + weighted([[-1, 0.15], [0, 0.7], [1, 0.15]] as const)));
      const tone = stars >= 4 ? "good" : stars === 3 ? "meh" : "bad";
      const title = chance(0.85) ? pick((german ? REVIEW_TITLES_DE : REVIEW_TITLES)[stars]!) : undefined;
      const body = chance(0.75) ? pick(german ? REVIEW_BODIES_DE[tone] : REVIEW_BODIES[p.family]![tone]) : undefined;
      return { sku, rating: stars, title, body, at: at + i * between(20, 60) * 1000 };
    });
  };

  // The orders, in time order, each with what followed it ---------------------------------------------
  let nextNumber = 10001;
  while (slots.length || planned.length) {
    const slot = planned.length && (!slots.length || planned[0]!.at < slots[0]!.at) ? planned.shift()! : slots.shift()!;
    let customer = slot.customer;
    if (!customer) {
      // About one regular order in five is by someone who bought before (offers bring back a few more).
      const earlier = customers.filter((c) => c.orders.length && slot.at - c.orders.at(-1)!.placedAt > 3 * DAY);
      if (earlier.length && chance(0.2)) {
        // Loyal customers come back more.
        customer = weighted(earlier.map((c) => [c, c.orders.length] as const));
      } else {
        customer = newCustomer();
      }
    }
    const first = customer.orders.length === 0;
    const id = `H-${nextNumber++}`;
    const input = buildOrder({
      id,
      placedAt: new Date(Math.floor(slot.at / 1000) * 1000),
      market: customer.market,
      email: customer.email,
      phone: customer.phone,
      items: basket(!first, slot.sku),
      discount: first && chance(0.25) ? welcome : undefined,
      taxRate: customer.taxRate || undefined,
      origin: shopOrigin,
    });
    const placedAt = Date.parse(input.placedAt);
    const order: HistoryOrder = { input, token: randomId(43), placedAt, customer, reviews: [] };
    customer.orders.push(order);
    orders.push(order);

    // The thank-you page: confirmation, its offers, and the checkout-feel cue.
    if (chance(0.9)) {
      const viewAt = placedAt + between(15, 90) * 1000;
      event(order, "view", "confirmation", viewAt);
      decide(order, "confirmation", viewAt, 0.07);
      if (chance(0.33)) {
        const feel = weighted([["easy", 0.72], ["okay", 0.2], ["hard", 0.08]] as const);
        const feelAt = viewAt + between(5, 45) * 1000;
        if (event(order, "checkout_feel", feel, feelAt)) order.checkoutFeel = { feel, at: feelAt };
      }
    }

    // The parcel, and the shopper checking on it.
    const shipment = shipmentFor(order);
    order.shipment = shipment;
    const lookUntil = Math.min(nowMs, (shipment.deliveredAt ?? nowMs) + DAY);
    const looks = chance(0.1) ? 0 : weighted([[1, 0.35], [2, 0.3], [3, 0.2], [4, 0.15]] as const);
    const trackingViews: number[] = [];
    for (let i = 0; i < looks; i++) trackingViews.push(placedAt + 3 * HOUR + random() ** 0.8 * Math.max(HOUR, lookUntil - placedAt - 3 * HOUR));
    // A few look the order up again weeks later (a return, a reorder).
    if (chance(0.05)) trackingViews.push(placedAt + between(18, 40) * DAY);

    // The survey, once the parcel is delivered and the items had time to be used (the store's timing).
    let surveyShownAt: number | undefined;
    if (shipment.deliveredAt) {
      const { opensAt } = feedbackWindow({
        placedAt: input.placedAt,
        families: input.lines.map((l) => l.family),
        deliveredAt: [new Date(shipment.deliveredAt).toISOString()],
        timing,
      });
      const shownAt = Date.parse(opensAt) + random() ** 2 * 3 * DAY;
      if (shownAt < nowMs - 10 * MINUTE && chance(0.6)) surveyShownAt = shownAt;
    }
    if (surveyShownAt !== undefined) {
      const survey = surveyFor(order, shipment, surveyShownAt);
      order.survey = survey;
      // The store handles most detractor alerts within a day or two; the last week's are still open.
      if (survey && survey.rating <= 2 && survey.updatedAt < nowMs - 7 * DAY && chance(0.8)) survey.alertResolvedAt = survey.updatedAt + between(2, 40) * HOUR;
      event(order, "view", "survey", surveyShownAt);
      if (survey) {
        event(order, "survey_step", "1", survey.createdAt);
        if (survey.step2At) event(order, "survey_step", "2", survey.step2At);
        if (survey.completedAt) {
          event(order, "survey_step", "3", survey.completedAt);
          event(order, "review_invite", "survey", survey.completedAt + 400);
          decide(order, "survey", survey.completedAt + 900, 0.05);
          if (chance(0.5)) {
            const reviewAt = survey.completedAt + between(1, 5) * MINUTE;
            if (reviewAt < nowMs) {
              order.reviews = reviewsFor(order, survey, reviewAt);
              event(order, "review_submit", String(order.reviews.length), order.reviews.at(-1)!.at + 500);
            }
          }
        }
      }
    }
    for (const at of trackingViews.sort((a, b) => a - b)) {
      if (!event(order, "view", "tracking", at)) continue;
      if (chance(0.5)) decide(order, "tracking", at, 0.045);
    }
  }

  // Segments as the worker would have placed each decision: the customer's totals at that moment against
  // the cut points of the latest nightly recomputation (03:17 UTC) before it -------------------------
  const byTime = [...orders].sort((a, b) => a.placedAt - b.placedAt);
  const totals = new Map<string, CustomerTotals>();
  const nightly: { at: number; quintiles: Quintiles }[] = [];
  let o = 0;
  const addOrdersUntil = (at: number) => {
    for (; o < byTime.length && byTime[o]!.placedAt <= at; o++) {
      const order = byTime[o]!;
      const t = totals.get(order.customer.id) ?? { customerId: order.customer.id, orders: 0, revenue: 0, lastOrderAt: order.input.placedAt };
      t.orders++;
      t.revenue += order.input.total;
      if (order.input.placedAt > t.lastOrderAt) t.lastOrderAt = order.input.placedAt;
      totals.set(order.customer.id, { ...t });
    }
  };
  const snapshots = new Map<string, { at: number; totals: CustomerTotals }[]>();
  for (const order of byTime) {
    addOrdersUntil(order.placedAt);
    const list = snapshots.get(order.customer.id) ?? [];
    list.push({ at: order.placedAt, totals: { ...totals.get(order.customer.id)! } });
    snapshots.set(order.customer.id, list);
  }
  o = 0;
  totals.clear();
  for (let night = firstDay + DAY + 3 * HOUR + 17 * MINUTE; night < nowMs; night += DAY) {
    addOrdersUntil(night);
    if (totals.size) nightly.push({ at: night, quintiles: quintilesOf([...totals.values()], new Date(night)) });
  }
  decisions.sort((a, b) => a.at - b.at);
  for (const decision of decisions) {
    const history = snapshots.get(decision.customerId) ?? [];
    const current = history.filter((s) => s.at <= decision.at).at(-1)?.totals;
    const quintiles = nightly.filter((n) => n.at <= decision.at).at(-1)?.quintiles;
    decision.segment = segmentOf(current, quintiles, new Date(decision.at));
  }

  // What the bandit learned: shown per decision, clicked under the customer's latest decision's segment
  // (recordEvents does exactly that lookup when the click arrives).
  const stats = new Map<string, { segment: string; kind: string; shown: number; clicked: number }>();
  const stat = (segment: string, kind: string) => {
    const key = `${segment}|${kind}`;
    let s = stats.get(key);
    if (!s) stats.set(key, (s = { segment, kind, shown: 0, clicked: 0 }));
    return s;
  };
  const decisionsOf = new Map<string, HistoryDecision[]>();
  for (const d of decisions) {
    for (const offer of d.offers) stat(d.segment, offer.kind).shown++;
    decisionsOf.get(d.customerId)?.push(d) ?? decisionsOf.set(d.customerId, [d]);
  }
  for (const d of decisions) {
    if (!d.clicked) continue;
    const latest = (decisionsOf.get(d.customerId) ?? []).filter((x) => x.at <= d.clicked!.at).at(-1);
    stat(latest?.segment ?? "one_time", d.clicked.kind).clicked++;
  }

  addOrdersUntil(Infinity);
  events.sort((a, b) => a.at - b.at);
  return { orders, events, decisions, quintiles: quintilesOf([...totals.values()], now), kindStats: [...stats.values()] };
}

// ---------------------------------------------------------------------------------------------------

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Writes the history into the local D1 file (one transaction). Does nothing when the store already has
 * history orders. The worker must not be running on this file.
 */
export function seedDemoHistory(dbFile: string, options: HistoryOptions): { orders: number; seconds: number; skipped: boolean } {
  const started = performance.now();
  const db = new DatabaseSync(dbFile);
  try {
    const existing = db.prepare(`SELECT 1 FROM orders WHERE store_id = ? AND id LIKE 'H-%' LIMIT 1`).get(options.storeId);
    if (existing) return { orders: 0, seconds: (performance.now() - started) / 1000, skipped: true };
    const history = generateDemoHistory(options);
    const prepared = new Map<string, StatementSync>();
    const run = (statement: Statement) => {
      let s = prepared.get(statement.sql);
      if (!s) prepared.set(statement.sql, (s = db.prepare(statement.sql)));
      s.run(...statement.params);
    };
    const hasAlertColumn = (db.prepare(`SELECT name FROM pragma_table_info('survey_responses')`).all() as { name: string }[]).some((c) => c.name === "alert_resolved_at");
    const { storeId } = options;

    db.exec("BEGIN");
    try {
      // Events first: a clicked offer's conversion is found by the later order's own statements, from the click.
      for (const e of history.events) {
        run(
          sql(
            `INSERT INTO widget_events (store_id, id, order_id, customer_id, type, target, occurred_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
            storeId,
            e.id,
            e.orderId,
            e.customerId,
            e.type,
            e.target ?? null,
            iso(e.at),
            iso(e.receivedAt),
          ),
        );
      }
      for (const d of history.decisions) {
        run(decisionStatement({ storeId, ...d, at: iso(d.at) }));
      }
      for (const order of history.orders) {
        // The merchant's server posts the order a few seconds after checkout.
        const postedAt = iso(order.placedAt + 2000);
        for (const statement of orderUpsertStatements(storeId, order.input, order.token, postedAt, { isNew: true, attributionDays: 7 })) run(statement);
        if (order.checkoutFeel) {
          run(sql(`UPDATE orders SET checkout_feel = ?, checkout_feel_at = ? WHERE store_id = ? AND id = ?`, order.checkoutFeel.feel, iso(order.checkoutFeel.at), storeId, order.input.id));
        }
        const shipment = order.shipment;
        if (shipment) {
          const lines = order.input.lines.map((l) => ({ sku: l.sku, quantity: l.quantity }));
          const input = { id: shipment.id, carrier: shipment.carrier, trackingNumber: shipment.trackingNumber, lines };
          for (const statement of shipmentUpsertStatements(storeId, order.input.id, input, iso(shipment.createdAt))) run(statement);
          for (const scan of shipment.scans) {
            // As the merchant events endpoint stores them (worker/routes/shipments.ts).
            const body = { id: scan.id, status: scan.status, occurredAt: iso(scan.at), location: scan.location, ...(scan.description ? { description: scan.description } : {}) };
            const update: UpdateToStore = {
              id: `m:${scan.id}`,
              source: "merchant",
              status: scan.status,
              exceptionKind: scan.status === "exception" ? "other" : undefined,
              carrierDelay: false,
              occurredAt: iso(scan.at),
              location: scan.location,
              description: scan.description,
              raw: JSON.stringify(body),
            };
            for (const statement of insertUpdateStatements(storeId, shipment.trackingNumber, [update], iso(scan.at + 90_000))) run(statement);
          }
        }
        const survey = order.survey;
        if (survey) {
          const signal = surveySignal(survey.rating, survey.wants);
          run(
            sql(
              `INSERT INTO survey_responses (store_id, order_id, customer_id, rating, standout_choice, standout_text, wants, comment,
                 callback_phone, callback_time, sentiment, next_action, steps_answered, completed_at, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
              storeId,
              order.input.id,
              order.customer.id,
              survey.rating,
              survey.standout?.choice ?? null,
              survey.standout?.text ?? null,
              survey.wants ?? null,
              survey.comment ?? null,
              survey.callback?.phone ?? null,
              survey.callback?.time ?? null,
              signal.sentiment,
              signal.nextAction,
              survey.steps,
              survey.completedAt ? iso(survey.completedAt) : null,
              iso(survey.createdAt),
              iso(survey.updatedAt),
            ),
          );
          if (hasAlertColumn && survey.alertResolvedAt) {
            run(sql(`UPDATE survey_responses SET alert_resolved_at = ? WHERE store_id = ? AND order_id = ?`, iso(survey.alertResolvedAt), storeId, order.input.id));
          }
        }
        for (const review of order.reviews) {
          run(
            sql(
              `INSERT INTO reviews (store_id, order_id, sku, customer_id, rating, title, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
              storeId,
              order.input.id,
              review.sku,
              order.customer.id,
              review.rating,
              review.title ?? null,
              review.body ?? null,
              iso(review.at),
              iso(review.at),
            ),
          );
        }
      }
      for (const s of history.kindStats) run(kindStatsStatement(storeId, s.segment, s.kind, s));
      // The nightly job's cut points (newOrderFactsStatements made the counters row).
      run(sql(`UPDATE store_counters SET quintiles = ?, quintiles_at = ? WHERE store_id = ?`, JSON.stringify(history.quintiles), options.now.toISOString(), storeId));
      db.exec("COMMIT");
    } catch (error) {
      db.exec("ROLLBACK");
      throw error;
    }
    return { orders: history.orders.length, seconds: (performance.now() - started) / 1000, skipped: false };
  } finally {
    db.close();
  }
}
