/**
 * A large store for the offers benchmark, written straight into the local D1 database file that
 * `wrangler dev` serves (node:sqlite, one transaction): 10,000 products in 100 families, 100,000
 * customers, 500,000 orders over a year with baskets drawn from product clusters (so co-purchase has
 * real structure), their tokens, and the aggregates the worker keeps as orders arrive (order counts,
 * co-purchase pairs, customer totals, RFM cut points). The store itself is created by the operator
 * command, like any other. BENCH_OFFERS_SCALE (default 1) shrinks everything for a quick run.
 *
 * Bulk INSERTs of its own rather than the worker's statements (as the demo history uses): the
 * aggregates are summed once here instead of upserted per order, and 20,000 orders through
 * orderUpsertStatements took 1.8 times as long as this whole generator on the same machine.
 */
import { DatabaseSync } from "node:sqlite";
import { quintilesOf, type CustomerTotals } from "../../worker/domain/offers/rfm.ts";
import { seededRandom } from "../../worker/domain/offers/bandit.ts";
import { d1File, inTransaction } from "../lib/local-d1.ts";

export interface OffersDataSize {
  products: number;
  customers: number;
  orders: number;
}

export const FULL_SIZE: OffersDataSize = { products: 10_000, customers: 100_000, orders: 500_000 };

const TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const FAMILIES = 100;
const CLUSTER_SIZE = 20;
const YEAR_MS = 365 * 86_400_000;

interface Draws {
  random: () => number;
  /** An integer in [0, n). */
  pick: (n: number) => number;
  /** Skewed towards small indexes: a few bestsellers, a few loyal customers, a long tail. */
  skewed: (n: number) => number;
}

/** What the worker keeps as orders arrive, summed over every order. */
interface OrderFacts {
  skuOrders: Map<number, number>;
  pairs: Map<string, number>;
  totals: Map<string, CustomerTotals>;
  /** About 2,000 tokens, spread over the orders, for the benchmark to read with. */
  tokens: string[];
}

export function generateOffersData(
  persistTo: string,
  storeId: string,
  size: OffersDataSize,
  now = new Date(),
): { tokens: string[]; seconds: number } {
  const started = Date.now();
  const random = seededRandom(20261124);
  const draws: Draws = { random, pick: (n) => Math.floor(random() * n), skewed: (n) => Math.floor(n * random() ** 2.2) };
  const db = new DatabaseSync(d1File(persistTo));
  try {
    const tokens = inTransaction(db, () => {
      const prices = writeProducts(db, storeId, size.products, draws, now.toISOString());
      writeCustomers(db, storeId, size.customers, now.toISOString());
      const facts = writeOrders(db, storeId, size, prices, draws, now);
      writeFacts(db, storeId, facts, size.orders, now);
      return facts.tokens;
    });
    return { tokens, seconds: (Date.now() - started) / 1000 };
  } finally {
    db.close();
  }
}

/** Products in families, $5 to $102.50; one in five wears out (a reorder window). Answers their prices. */
function writeProducts(db: DatabaseSync, storeId: string, count: number, { pick }: Draws, nowIso: string): number[] {
  const insert = db.prepare(
    `INSERT INTO products (store_id, sku, name, family, price, currency, url, image_url, replenish_days, active, updated_at)
     VALUES (?, ?, ?, ?, ?, 'USD', ?, NULL, ?, 1, ?)`,
  );
  const prices: number[] = [];
  for (let p = 0; p < count; p++) {
    const price = 500 + pick(40) * 250;
    prices.push(price);
    insert.run(
      storeId,
      `sku-${p}`,
      `Product ${p}`,
      `family-${p % FAMILIES}`,
      price,
      `https://bench.example/p/${p}`,
      p % 5 === 0 ? 14 + pick(40) : null,
      nowIso,
    );
  }
  return prices;
}

function writeCustomers(db: DatabaseSync, storeId: string, count: number, nowIso: string): void {
  const insert = db.prepare(`INSERT INTO customers (store_id, id, email, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`);
  for (let c = 0; c < count; c++) insert.run(storeId, `cust-${c}`, `c${c}@bench.example`, nowIso, nowIso);
}

/** Orders over the last year with their lines and tokens; answers the facts they add up to. */
function writeOrders(db: DatabaseSync, storeId: string, size: OffersDataSize, prices: number[], draws: Draws, now: Date): OrderFacts {
  const nowIso = now.toISOString();
  const insertOrder = db.prepare(
    `INSERT INTO orders (store_id, id, customer_id, placed_at, currency, locale, subtotal, total, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'USD', 'en-US', ?, ?, ?, ?)`,
  );
  const insertLine = db.prepare(
    `INSERT INTO order_lines (store_id, order_id, position, sku, name, family, quantity, unit_price) VALUES (?, ?, ?, ?, ?, ?, 1, ?)`,
  );
  const insertToken = db.prepare(`INSERT INTO order_tokens (token, store_id, order_id, created_at) VALUES (?, ?, ?, ?)`);
  const facts: OrderFacts = { skuOrders: new Map(), pairs: new Map(), totals: new Map(), tokens: [] };
  for (let o = 0; o < size.orders; o++) {
    const customerId = `cust-${draws.skewed(size.customers)}`;
    const placedAt = new Date(now.getTime() - draws.pick(YEAR_MS)).toISOString();
    const skus = drawBasket(draws, size.products);
    const total = skus.reduce((s, p) => s + prices[p]!, 0);
    const orderId = `ord-${o}`;
    insertOrder.run(storeId, orderId, customerId, placedAt, total, total, nowIso, nowIso);
    for (const [i, p] of skus.entries())
      insertLine.run(storeId, orderId, i, `sku-${p}`, `Product ${p}`, `family-${p % FAMILIES}`, prices[p]!);
    let token = "";
    for (let i = 0; i < 43; i++) token += TOKEN_CHARS[draws.pick(64)];
    insertToken.run(token, storeId, orderId, nowIso);
    if (o % Math.max(1, Math.floor(size.orders / 2000)) === 0) facts.tokens.push(token);
    addFacts(facts, customerId, placedAt, skus, total);
  }
  return facts;
}

/** One to four items of a product cluster (popular clusters more often), and now and then a bestseller on the side. */
function drawBasket({ random, pick, skewed }: Draws, products: number): number[] {
  const clusters = Math.max(1, Math.floor(products / CLUSTER_SIZE));
  const cluster = skewed(clusters);
  const basket = new Set<number>();
  const lines = 1 + skewed(4);
  for (let l = 0; l < lines; l++) basket.add(Math.min(products - 1, cluster * CLUSTER_SIZE + pick(CLUSTER_SIZE)));
  if (random() < 0.2) basket.add(skewed(products));
  return [...basket];
}

function addFacts({ skuOrders, pairs, totals }: OrderFacts, customerId: string, placedAt: string, skus: number[], total: number): void {
  for (const p of skus) skuOrders.set(p, (skuOrders.get(p) ?? 0) + 1);
  for (const a of skus) for (const b of skus) if (a !== b) pairs.set(`${a}|${b}`, (pairs.get(`${a}|${b}`) ?? 0) + 1);
  const t = totals.get(customerId) ?? { customerId, orders: 0, revenue: 0, lastOrderAt: placedAt };
  t.orders++;
  t.revenue += total;
  if (placedAt > t.lastOrderAt) t.lastOrderAt = placedAt;
  totals.set(customerId, t);
}

/** Order counts per sku, co-purchase pairs, customer totals, and the store's counter with its RFM cut points. */
function writeFacts(db: DatabaseSync, storeId: string, facts: OrderFacts, orders: number, now: Date): void {
  const insertSku = db.prepare(`INSERT INTO sku_orders (store_id, sku, orders) VALUES (?, ?, ?)`);
  for (const [p, n] of facts.skuOrders) insertSku.run(storeId, `sku-${p}`, n);
  const insertPair = db.prepare(`INSERT INTO co_purchase (store_id, sku_a, sku_b, together) VALUES (?, ?, ?, ?)`);
  for (const [key, n] of facts.pairs) {
    const [a, b] = key.split("|");
    insertPair.run(storeId, `sku-${a}`, `sku-${b}`, n);
  }
  const insertTotals = db.prepare(
    `INSERT INTO customer_totals (store_id, customer_id, orders, revenue, last_order_at) VALUES (?, ?, ?, ?, ?)`,
  );
  for (const t of facts.totals.values()) insertTotals.run(storeId, t.customerId, t.orders, t.revenue, t.lastOrderAt);
  db.prepare(`INSERT INTO store_counters (store_id, orders, quintiles, quintiles_at) VALUES (?, ?, ?, ?)`).run(
    storeId,
    orders,
    JSON.stringify(quintilesOf([...facts.totals.values()], now)),
    now.toISOString(),
  );
}
