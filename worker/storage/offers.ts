import type { Want } from "../../contract/vocabularies.ts";
import type { KindStats } from "../domain/offers/bandit.ts";
import type { Offer, Product } from "../domain/offers/recommend.ts";
import type { CustomerTotals, Quintiles } from "../domain/offers/rfm.ts";
import type { OfferRules, ProductInput } from "../schemas/offers.ts";
import { prepare, runBatch, sql, type Statement } from "./statement.ts";

/** Co-purchase pairs counted per order: enough for any real basket, bounded for a pathological one. */
const MAX_SKUS_PAIRED = 30;

/** Upserts products; ones not sent stay as they are. */
export async function upsertProducts(db: D1Database, storeId: string, products: ProductInput[], now: string) {
  await runBatch(db, productUpsertStatements(storeId, products, now));
}

/** The statements `upsertProducts` runs, one per product (platform product webhooks use them too). */
export function productUpsertStatements(storeId: string, products: ProductInput[], now: string): Statement[] {
  return products.map((p) =>
    sql(
      `INSERT INTO products (store_id, sku, name, family, price, currency, url, image_url, replenish_days, active, updated_at, brand, gtin, mpn)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (store_id, sku) DO UPDATE SET name = excluded.name, family = excluded.family, price = excluded.price,
         currency = excluded.currency, url = excluded.url, image_url = excluded.image_url,
         replenish_days = excluded.replenish_days, active = excluded.active, updated_at = excluded.updated_at,
         brand = excluded.brand, gtin = excluded.gtin, mpn = excluded.mpn`,
      storeId,
      p.sku,
      p.name,
      p.family,
      p.price,
      p.currency ?? null,
      p.url ?? null,
      p.imageUrl ?? null,
      p.replenishDays ?? null,
      p.active ? 1 : 0,
      now,
      p.brand ?? null,
      p.gtin ?? null,
      p.mpn ?? null,
    ),
  );
}

export const setOfferRulesStatement = (storeId: string, rules: OfferRules, now: string) =>
  sql(`UPDATE stores SET offer_rules = ?, updated_at = ? WHERE id = ?`, JSON.stringify(rules), now, storeId);

/** Replaces a store's offer rules. */
export async function setOfferRules(db: D1Database, storeId: string, rules: OfferRules, now: string): Promise<void> {
  await runBatch(db, [setOfferRulesStatement(storeId, rules, now)]);
}

/**
 * What a new order adds to the facts offers are ranked from: the store's order count, each sku's order
 * count, co-purchase pairs, the customer's totals, and conversions of offer clicks in the attribution
 * window. Run once, when the order is first created (a replace would count it twice).
 */
export function newOrderFactsStatements(
  order: {
    storeId: string;
    id: string;
    customerId: string;
    placedAt: string;
    total: number;
    skus: string[];
    lineTotals: Record<string, number>;
  },
  attributionDays: number,
): Statement[] {
  const skus = JSON.stringify([...new Set(order.skus)].slice(0, MAX_SKUS_PAIRED));
  const since = new Date(Date.parse(order.placedAt) - attributionDays * 86_400_000).toISOString();
  const until = new Date(order.placedAt).toISOString();
  return [
    sql(
      `INSERT INTO store_counters (store_id, orders) VALUES (?, 1) ON CONFLICT (store_id) DO UPDATE SET orders = orders + 1`,
      order.storeId,
    ),
    sql(
      `INSERT INTO sku_orders (store_id, sku, orders) SELECT ?, value, 1 FROM json_each(?) WHERE true
       ON CONFLICT (store_id, sku) DO UPDATE SET orders = orders + 1`,
      order.storeId,
      skus,
    ),
    sql(
      `INSERT INTO co_purchase (store_id, sku_a, sku_b, together)
       SELECT ?, a.value, b.value, 1 FROM json_each(?) a, json_each(?) b WHERE a.value <> b.value
       ON CONFLICT (store_id, sku_a, sku_b) DO UPDATE SET together = together + 1`,
      order.storeId,
      skus,
      skus,
    ),
    sql(
      `INSERT INTO customer_totals (store_id, customer_id, orders, revenue, last_order_at) VALUES (?, ?, 1, ?, ?)
       ON CONFLICT (store_id, customer_id) DO UPDATE SET orders = orders + 1, revenue = revenue + excluded.revenue,
         last_order_at = max(last_order_at, excluded.last_order_at)`,
      order.storeId,
      order.customerId,
      order.total,
      until,
    ),
    // A click on an offer for a sku this order contains, by the same customer, within the window.
    sql(
      `INSERT INTO offer_conversions (store_id, order_id, sku, click_event_id, clicked_at, revenue)
       SELECT e.store_id, ?, s.value, e.id, e.occurred_at, coalesce(json_extract(?, '$."' || s.value || '"'), 0)
       FROM json_each(?) s JOIN widget_events e
         ON e.store_id = ? AND e.customer_id = ? AND e.type = 'offer_click'
        AND substr(e.target, instr(e.target, ':') + 1) = s.value
        AND e.occurred_at >= ? AND e.occurred_at <= ?
       WHERE true
       ON CONFLICT DO NOTHING`,
      order.id,
      JSON.stringify(order.lineTotals),
      skus,
      order.storeId,
      order.customerId,
      since,
      until,
    ),
  ];
}

export interface OfferFacts {
  purchases: { sku: string; family?: string; at: string }[];
  /** Co-purchase pairs with their counts (scored by domain/offers/co-purchase.ts), and the store's order count. */
  pairs: { from: string; to: string; together: number; withA: number; withB: number }[];
  storeOrders: number;
  catalog: Map<string, Product>;
  totals?: CustomerTotals;
  quintiles?: Quintiles;
  /** Shown/clicked per segment, then kind. */
  kindStats: Record<string, Record<string, KindStats>>;
  /** The signal question's score: a 1–5 rating, or a 0–10 NPS score from a merchant's survey (issue 25). */
  survey?: { score: { rating: number } | { nps: number }; wants?: Want };
}

/** A product as the facts statement lists it: sku, name, family, price, currency, url, image url, replenish days, active. */
type ProductRow = [string, string, string, number, string | null, string | null, string | null, number | null, number];

/** The facts' columns (factColumns) as D1 answers them. */
export interface FactsRow {
  f_related: string;
  f_products: string;
  f_purchases: string;
  f_counter: string | null;
  f_totals: string | null;
  f_stats: string;
  f_survey: string | null;
}

/** The product columns, in the order a ProductRow lists them. */
const PRODUCT_COLUMNS = `p.sku, p.name, p.family, p.price, p.currency, p.url, p.image_url, p.replenish_days, p.active`;

/**
 * The facts as JSON columns of one row (D1 runs queries one at a time, each with its own overhead:
 * three statements in a batch cost three), over three CTEs the statement defines: `named` (value: the
 * order's skus and the store's pairings for them), `top` (sku_a, sku_b, together: the 200 strongest
 * co-purchase pairs of the order's skus) and `bought` (sku, family, unit_price, at: the customer's
 * latest lines). `store`, `customer` and `order` are SQL for the ids (parameters, or the outer row's).
 * The products: named ones, neighbours and everything the customer bought, by primary key (one IN over
 * a UNION: three ORed INs made SQLite scan the store's products, 5–8 ms on 10,000); plus the next five
 * upsell steps (same family, up to 2.5× the price paid) for the ten latest families bought, as index
 * ranges on products_by_family: a customer of many families never pulls in whole ones.
 */
const factColumns = (store: string, customer: string, order: string) => `
  (SELECT json_group_array(json_array(sku_a, sku_b, together, with_a, with_b)) FROM (
    SELECT c.sku_a, c.sku_b, c.together, a.orders AS with_a, b.orders AS with_b FROM top c
    JOIN sku_orders a ON a.store_id = ${store} AND a.sku = c.sku_a
    JOIN sku_orders b ON b.store_id = ${store} AND b.sku = c.sku_b
    ORDER BY c.together DESC)) AS f_related,
  (SELECT json_group_array(json_array(sku, name, family, price, currency, url, image_url, replenish_days, active)) FROM (
    SELECT ${PRODUCT_COLUMNS} FROM products p
    WHERE p.store_id = ${store} AND p.sku IN (SELECT value FROM named UNION SELECT sku_b FROM top UNION SELECT sku FROM bought)
    UNION
    SELECT sku, name, family, price, currency, url, image_url, replenish_days, active FROM (
      SELECT ${PRODUCT_COLUMNS}, row_number() OVER (PARTITION BY b.family, b.unit_price ORDER BY p.price) AS step
      FROM (SELECT DISTINCT family, unit_price FROM bought WHERE family IS NOT NULL LIMIT 10) b
      JOIN products p ON p.store_id = ${store} AND p.family = b.family AND p.price > b.unit_price AND p.price <= b.unit_price * 5 / 2)
    WHERE step <= 5
    LIMIT 1000)) AS f_products,
  (SELECT json_group_array(json_array(sku, family, at)) FROM bought) AS f_purchases,
  (SELECT json_object('orders', orders, 'quintiles', quintiles) FROM store_counters WHERE store_id = ${store}) AS f_counter,
  (SELECT json_object('orders', orders, 'revenue', revenue, 'last_order_at', last_order_at) FROM customer_totals
    WHERE store_id = ${store} AND customer_id = ${customer}) AS f_totals,
  (SELECT json_group_array(json_array(segment, kind, shown, clicked)) FROM offer_kind_stats WHERE store_id = ${store}) AS f_stats,
  (SELECT json_object('rating', rating, 'nps', nps, 'wants', wants) FROM survey_responses WHERE store_id = ${store} AND order_id = ${order}) AS f_survey`;

/**
 * The customer's latest 200 lines (windows, already-bought items, upsell steps: a reseller with
 * thousands of orders must not cost thousands of reads), newest first. CROSS JOIN keeps SQLite on
 * orders_by_customer_recent, which covers the walk (left to itself it can pick order_lines_by_sku and
 * read every line of the store). Read once (MATERIALIZED) for its three uses.
 */
const boughtCte = (store: string, customer: string, from = "") =>
  `bought AS MATERIALIZED (SELECT l.sku, l.family, l.unit_price, x.placed_at AS at FROM ${from}orders x
    CROSS JOIN order_lines l ON l.store_id = x.store_id AND l.order_id = x.id
    WHERE x.store_id = ${store} AND x.customer_id = ${customer} ORDER BY x.placed_at DESC LIMIT 200)`;

/**
 * Everything ranking needs for one customer and order, in ONE statement (factColumns): the co-purchase
 * pairs, the products (found by their own candidates with subqueries instead of a second trip) and the
 * rest about the store and the customer.
 */
export async function loadOfferFacts(
  db: D1Database,
  q: { storeId: string; customerId: string; orderId: string; orderSkus: string[]; extraSkus: string[] },
): Promise<OfferFacts> {
  const named = JSON.stringify([...new Set([...q.orderSkus, ...q.extraSkus])]);
  // Each sku's 50 strongest pairs, walked in order on co_purchase_strongest, then the 200 strongest of
  // those: sorting every pair of a bestseller (thousands) was the slowest part of the request.
  const pairedSkus = [...new Set(q.orderSkus)].slice(0, MAX_SKUS_PAIRED);
  const strongest = pairedSkus.length
    ? pairedSkus
        .map(
          (_, i) =>
            `SELECT * FROM (SELECT sku_a, sku_b, together FROM co_purchase WHERE store_id = ?1 AND sku_a = ?${5 + i} ORDER BY together DESC LIMIT 50)`,
        )
        .join(" UNION ALL ")
    : `SELECT NULL AS sku_a, NULL AS sku_b, 0 AS together WHERE ?4 IS NULL`; // none (?4 is never null), and every parameter used
  // ?1 store, ?2 customer, ?3 order, ?4 named skus, ?5… the paired skus one by one.
  const row = await db
    .prepare(
      `WITH named AS (SELECT value FROM json_each(?4)),
         top AS MATERIALIZED (SELECT sku_a, sku_b, together FROM (${strongest}) ORDER BY together DESC LIMIT 200),
         ${boughtCte("?1", "?2")}
       SELECT ${factColumns("?1", "?2", "?3")}`,
    )
    .bind(q.storeId, q.customerId, q.orderId, named, ...pairedSkus)
    .first<FactsRow>();
  if (!row) throw new Error("offer facts: no row");
  return factsFromRow(row, q.customerId);
}

/**
 * The CTEs and columns that add the facts to a statement reading one order by its token (`?`, bound
 * first): the view and its offers' facts in one statement (storage/order-view.ts). The order's skus
 * (the first 30 paired) and the store's pairings for its skus and families are found in SQL, as
 * offersFor finds them. A sku's 50 strongest pairs are those at least as strong as its 50th (ties at
 * that strength come in too), an index range on co_purchase_strongest.
 */
export const FACTS_OF_TOKEN = {
  ctes: `o AS MATERIALIZED (SELECT t.store_id, t.order_id, ord.customer_id FROM order_tokens t
      JOIN orders ord ON ord.store_id = t.store_id AND ord.id = t.order_id WHERE t.token = ? AND t.revoked_at IS NULL),
    lines AS MATERIALIZED (SELECT l.sku, l.family, l.position FROM o CROSS JOIN order_lines l ON l.store_id = o.store_id AND l.order_id = o.order_id),
    named AS MATERIALIZED (SELECT sku AS value FROM lines
      UNION SELECT j.value FROM o JOIN stores s ON s.id = o.store_id, json_each(s.offer_rules, '$.crossSell') cs, json_each(cs.value) j
        WHERE cs.key IN (SELECT sku FROM lines UNION SELECT family FROM lines WHERE family IS NOT NULL)),
    paired AS MATERIALIZED (SELECT sku FROM lines GROUP BY sku ORDER BY min(position) LIMIT ${MAX_SKUS_PAIRED}),
    cut AS MATERIALIZED (SELECT k.sku, o.store_id, (SELECT c.together FROM co_purchase c WHERE c.store_id = o.store_id AND c.sku_a = k.sku
      ORDER BY c.together DESC LIMIT 1 OFFSET 49) AS least FROM o, paired k),
    top AS MATERIALIZED (SELECT c.sku_a, c.sku_b, c.together FROM cut CROSS JOIN co_purchase c
      ON c.store_id = cut.store_id AND c.sku_a = cut.sku AND c.together >= coalesce(cut.least, 0) ORDER BY c.together DESC LIMIT 200),
    ${boughtCte("o.store_id", "o.customer_id", "o CROSS JOIN ")}`,
  columns: factColumns("ord.store_id", "ord.customer_id", "ord.id"),
};

/** The facts' columns of a row (factColumns), parsed. */
export function factsFromRow(row: FactsRow, customerId: string): OfferFacts {
  const counter = row.f_counter ? (JSON.parse(row.f_counter) as { orders: number; quintiles: string | null }) : undefined;
  const totalRow = row.f_totals ? (JSON.parse(row.f_totals) as { orders: number; revenue: number; last_order_at: string }) : undefined;
  // Strongest first, as the pairs were read (an aggregate keeps no order of its own; the sort is stable).
  const relatedRows = (JSON.parse(row.f_related) as [string, string, number, number, number][]).sort((a, b) => b[2] - a[2]);
  const kindStats: OfferFacts["kindStats"] = {};
  for (const [segment, kind, shown, clicked] of JSON.parse(row.f_stats) as [string, string, number, number][]) {
    (kindStats[segment] ??= {})[kind] = { shown, clicked };
  }
  const surveyRow = row.f_survey
    ? (JSON.parse(row.f_survey) as { rating: number | null; nps: number | null; wants: NonNullable<OfferFacts["survey"]>["wants"] | null })
    : undefined;
  // Newest first, as the lines were read (an aggregate keeps no order of its own).
  const purchases = (JSON.parse(row.f_purchases) as [string, string | null, string][]).sort((a, b) =>
    a[2] < b[2] ? 1 : a[2] > b[2] ? -1 : 0,
  );
  return {
    purchases: purchases.map(([sku, family, at]) => ({ sku, family: family ?? undefined, at })),
    pairs: relatedRows.map(([from, to, together, withA, withB]) => ({ from, to, together, withA, withB })),
    storeOrders: counter?.orders ?? 0,
    catalog: new Map(
      (JSON.parse(row.f_products) as ProductRow[]).map(([sku, name, family, price, currency, url, imageUrl, replenishDays, active]) => [
        sku,
        {
          sku,
          name,
          family,
          price,
          currency: currency ?? undefined,
          url: url ?? undefined,
          imageUrl: imageUrl ?? undefined,
          replenishDays: replenishDays ?? undefined,
          active: active === 1,
        },
      ]),
    ),
    totals: totalRow && { customerId, orders: totalRow.orders, revenue: totalRow.revenue, lastOrderAt: totalRow.last_order_at },
    quintiles: counter?.quintiles ? (JSON.parse(counter.quintiles) as Quintiles) : undefined,
    kindStats,
    survey: surveyRow && {
      score: surveyRow.rating === null ? { nps: surveyRow.nps ?? 0 } : { rating: surveyRow.rating },
      wants: surveyRow.wants ?? undefined,
    },
  };
}

/** The row of one offer decision: what was shown (sku, kind, score, reason code) to whom, where, in which arm. */
export const decisionStatement = (d: {
  storeId: string;
  id: string;
  orderId: string;
  customerId: string;
  placement: string;
  arm: string;
  segment: string;
  offers: { sku: string; kind: string; score: number; reason: string }[];
  at: string;
}) =>
  sql(
    `INSERT INTO offer_decisions (store_id, id, order_id, customer_id, placement, arm, segment, offers, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    d.storeId,
    d.id,
    d.orderId,
    d.customerId,
    d.placement,
    d.arm,
    d.segment,
    JSON.stringify(d.offers),
    d.at,
  );

/**
 * Records a decision (the holdout's empty one too); the row counts what was shown, per segment and kind,
 * in the same statement (the trigger of migration 0022).
 */
export async function recordDecision(
  db: D1Database,
  d: {
    storeId: string;
    id: string;
    orderId: string;
    customerId: string;
    placement: string;
    arm: string;
    segment: string;
    offers: Offer[];
    at: string;
  },
) {
  await runBatch(db, [
    decisionStatement({ ...d, offers: d.offers.map((o) => ({ sku: o.sku, kind: o.kind, score: o.score, reason: o.reason.code })) }),
  ]);
}

/** Adds to the bandit's counts for one segment and offer kind (the demo's history in bulk: its clicks). */
export const kindStatsStatement = (storeId: string, segment: string, kind: string, add: { shown: number; clicked: number }) =>
  sql(
    `INSERT INTO offer_kind_stats (store_id, segment, kind, shown, clicked) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (store_id, segment, kind) DO UPDATE SET shown = shown + excluded.shown, clicked = clicked + excluded.clicked`,
    storeId,
    segment,
    kind,
    add.shown,
    add.clicked,
  );

/** Keeps a store's RFM cut points as of `at` (the nightly job; the demo history's last night). */
export const quintilesStatement = (storeId: string, quintiles: Quintiles, at: string): Statement =>
  sql(
    `INSERT INTO store_counters (store_id, orders, quintiles, quintiles_at) VALUES (?, 0, ?, ?)
     ON CONFLICT (store_id) DO UPDATE SET quintiles = excluded.quintiles, quintiles_at = excluded.quintiles_at`,
    storeId,
    JSON.stringify(quintiles),
    at,
  );

/** Recomputes a store's RFM cut points from every customer (the Cron Trigger's job). */
export async function recomputeQuintiles(db: D1Database, storeId: string, now: Date): Promise<Quintiles> {
  // ntile(5) in SQL: the lower bounds of fifths 2–5 come back as four rows, however many customers there are.
  const cuts = async (expr: string) => {
    const { results } = await db
      .prepare(
        `SELECT min(v) AS cut FROM (SELECT ${expr} AS v, ntile(5) OVER (ORDER BY ${expr}) AS q FROM customer_totals WHERE store_id = ?)
         GROUP BY q HAVING q > 1 ORDER BY q`,
      )
      .bind(storeId)
      .all<{ cut: number }>();
    return results.map((r) => r.cut);
  };
  const nowMs = now.getTime();
  const quintiles: Quintiles = {
    recencyDays: await cuts(`(${nowMs} - unixepoch(last_order_at) * 1000) / 86400000.0`),
    orders: await cuts("orders"),
    revenue: await cuts("revenue"),
  };
  await prepare(db, quintilesStatement(storeId, quintiles, now.toISOString())).run();
  return quintiles;
}

/** The nightly job: every store's cut points, one store at a time (each is a few indexed scans). */
export async function recomputeAllSegments(db: D1Database, now: Date): Promise<void> {
  const { results } = await db.prepare(`SELECT id FROM stores`).all<{ id: string }>();
  for (const { id } of results) await recomputeQuintiles(db, id, now);
}
