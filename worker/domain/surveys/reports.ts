/**
 * What merchants read of their surveys (issue 25): the attribution report's arithmetic and the real
 * 0–10 NPS. Pure, over rows storage read.
 */
import type { NpsScore } from "../../../contract/admin.ts";
import { ATTRIBUTION_CHANNELS, type AttributionChannel, type AttributionRow } from "../../../contract/surveys.ts";

/** One order placed in the range with an answer to an attribution question. */
export interface AttributedOrder {
  orderId: string;
  total: number;
  currency: string;
  firstOrder: boolean;
  /** The answer as stored: `{choice, text?}`. */
  value: unknown;
}

/** How many of the shoppers' own words are listed under "other". */
export const OTHER_TEXTS_LISTED = 20;

/** The shopper's words as grouped: case and runs of spaces ignored. */
const groupKey = (text: string) => text.trim().replace(/\s+/g, " ").toLowerCase();

/**
 * Per channel: the orders (each order once, by its first attribution answer), their revenue per
 * currency in minor units, and the share that were the customer's first; "other" with the shoppers'
 * words grouped case- and space-insensitively (shown as first written), most frequent first, ties in
 * alphabetical order, top 20. Channels nobody named are left out; the rest come most orders first, ties
 * in the vocabulary's order.
 */
export function attributionChannels(orders: readonly AttributedOrder[]): AttributionRow[] {
  const seen = new Set<string>();
  const rows = new Map<
    AttributionChannel,
    { orders: number; first: number; revenue: Record<string, number>; texts: Map<string, { text: string; count: number }> }
  >();
  for (const order of orders) {
    if (seen.has(order.orderId)) continue;
    const value = order.value as { choice?: unknown; text?: unknown } | null;
    const channel = value?.choice as AttributionChannel;
    if (!ATTRIBUTION_CHANNELS.includes(channel)) continue;
    seen.add(order.orderId);
    let row = rows.get(channel);
    if (!row) rows.set(channel, (row = { orders: 0, first: 0, revenue: {}, texts: new Map() }));
    row.orders += 1;
    if (order.firstOrder) row.first += 1;
    row.revenue[order.currency] = (row.revenue[order.currency] ?? 0) + order.total;
    if (channel === "other" && typeof value?.text === "string" && value.text.trim()) {
      const key = groupKey(value.text);
      const group = row.texts.get(key) ?? { text: value.text.trim().replace(/\s+/g, " "), count: 0 };
      group.count += 1;
      row.texts.set(key, group);
    }
  }
  return [...rows.entries()]
    .sort(([a, x], [b, y]) => y.orders - x.orders || ATTRIBUTION_CHANNELS.indexOf(a) - ATTRIBUTION_CHANNELS.indexOf(b))
    .map(([channel, row]) => ({
      channel,
      orders: row.orders,
      revenue: row.revenue,
      firstOrderShare: row.first / row.orders,
      ...(channel === "other" && {
        otherTexts: [...row.texts.values()]
          .sort((a, b) => b.count - a.count || (a.text.toLowerCase() < b.text.toLowerCase() ? -1 : 1))
          .slice(0, OTHER_TEXTS_LISTED),
      }),
    }));
}

/** The number of distinct orders the channels count. */
export const answeredOrders = (orders: readonly AttributedOrder[]) =>
  new Set(
    orders
      .filter((o) => ATTRIBUTION_CHANNELS.includes((o.value as { choice?: AttributionChannel } | null)?.choice as AttributionChannel))
      .map((o) => o.orderId),
  ).size;

export type NpsFigures = NpsScore;

/** The real NPS over 0–10 answers: 9–10 promoters, 7–8 passives, 0–6 detractors. */
export function npsFigures(scores: readonly { score: number; n: number }[]): NpsFigures {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const { score, n } of scores) {
    if (score >= 9) promoters += n;
    else if (score >= 7) passives += n;
    else detractors += n;
  }
  const responses = promoters + passives + detractors;
  return {
    score: responses ? Math.round(((promoters - detractors) / responses) * 100) : null,
    promoters,
    passives,
    detractors,
    responses,
  };
}
