/**
 * What the worker would have known when: each decision's segment (the customer's totals at that
 * moment against the cut points of the latest nightly recomputation, 03:17 UTC, before it), what the
 * bandit learned per segment and offer kind, and the cut points the nightly job leaves at `now`.
 */
import { segmentOf } from "../../../worker/domain/offers/offers-for.ts";
import { quintilesOf, type CustomerTotals, type Quintiles } from "../../../worker/domain/offers/rfm.ts";
import { DAY, HOUR, MINUTE, type HistoryDecision, type HistoryOrder, type KindStat } from "./types.ts";

/** Sets every decision's segment; sorts the decisions by time on the way. */
export function assignSegments(orders: HistoryOrder[], decisions: HistoryDecision[], firstDay: number, nowMs: number): void {
  const byTime = [...orders].sort((a, b) => a.placedAt - b.placedAt);
  const snapshots = totalsAfterEachOrder(byTime);
  const nightly = nightlyQuintiles(byTime, firstDay, nowMs);
  decisions.sort((a, b) => a.at - b.at);
  for (const decision of decisions) {
    const current = (snapshots.get(decision.customerId) ?? []).filter((s) => s.at <= decision.at).at(-1)?.totals;
    const quintiles = nightly.filter((n) => n.at <= decision.at).at(-1)?.quintiles;
    decision.segment = segmentOf(current, quintiles, new Date(decision.at));
  }
}

/** The cut points over every customer's totals, as the nightly job computes them at `now`. */
export function quintilesNow(orders: HistoryOrder[], now: Date): Quintiles {
  const totals = new RunningTotals([...orders].sort((a, b) => a.placedAt - b.placedAt));
  totals.addOrdersUntil(Infinity);
  return quintilesOf(totals.all(), now);
}

/**
 * Shown per decision under its own segment; clicked under the customer's latest decision's segment
 * when the click arrived (writeEvents does exactly that lookup).
 */
export function learnedKindStats(decisions: HistoryDecision[]): KindStat[] {
  const stats = new Map<string, KindStat>();
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
  return [...stats.values()];
}

/** Each customer's totals right after each of their orders. */
function totalsAfterEachOrder(byTime: HistoryOrder[]): Map<string, { at: number; totals: CustomerTotals }[]> {
  const totals = new RunningTotals(byTime);
  const snapshots = new Map<string, { at: number; totals: CustomerTotals }[]>();
  for (const order of byTime) {
    totals.addOrdersUntil(order.placedAt);
    const list = snapshots.get(order.customer.id) ?? [];
    list.push({ at: order.placedAt, totals: { ...totals.of(order.customer.id)! } });
    snapshots.set(order.customer.id, list);
  }
  return snapshots;
}

/** The cut points each night's recomputation (03:17 UTC) would have stored. */
function nightlyQuintiles(byTime: HistoryOrder[], firstDay: number, nowMs: number): { at: number; quintiles: Quintiles }[] {
  const totals = new RunningTotals(byTime);
  const nightly: { at: number; quintiles: Quintiles }[] = [];
  for (let night = firstDay + DAY + 3 * HOUR + 17 * MINUTE; night < nowMs; night += DAY) {
    totals.addOrdersUntil(night);
    if (totals.size) nightly.push({ at: night, quintiles: quintilesOf(totals.all(), new Date(night)) });
  }
  return nightly;
}

/** Customer totals as the worker keeps them, fed orders in time order. */
class RunningTotals {
  private readonly byCustomer = new Map<string, CustomerTotals>();
  private readonly byTime: HistoryOrder[];
  private next = 0;

  constructor(byTime: HistoryOrder[]) {
    this.byTime = byTime;
  }

  get size() {
    return this.byCustomer.size;
  }

  of(customerId: string) {
    return this.byCustomer.get(customerId);
  }

  all() {
    return [...this.byCustomer.values()];
  }

  addOrdersUntil(at: number): void {
    for (; this.next < this.byTime.length && this.byTime[this.next]!.placedAt <= at; this.next++) {
      const { customer, input } = this.byTime[this.next]!;
      const t = this.byCustomer.get(customer.id) ?? { customerId: customer.id, orders: 0, revenue: 0, lastOrderAt: input.placedAt };
      t.orders++;
      t.revenue += input.total;
      if (input.placedAt > t.lastOrderAt) t.lastOrderAt = input.placedAt;
      this.byCustomer.set(customer.id, t);
    }
  }
}
