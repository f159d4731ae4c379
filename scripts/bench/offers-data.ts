/**
 * A large store for the offers benchmark, written straight into the local D1 database file that
 * `wrangler dev` serves (node:sqlite, one transaction): 10,000 products in 100 families, 100,000
 * customers, 500,000 orders over a year with baskets drawn from product clusters (so co-purchase has
 * real structure), their tokens, and the aggregates the worker keeps as orders arrive (order counts,
 * co-purchase pairs, customer totals, RFM cut points). The store itself is created by the operator
 * command, like any other. BENCH_OFFERS_SCALE (default 1) shrinks everything for a quick run.
 */
import { DatabaseSync } from "node:sqlite";
import { quintilesOf, type CustomerTotals } from "../../worker/domain/offers/rfm.ts";
import { seededRandom } from "../../worker/domain/offers/bandit.ts";
import { d1File } from "../lib/local-d1.ts";

export interface OffersDataSize {
  products: number;
  customers: number;
  orders: number;
}

export const FULL_SIZE: OffersDataSize = { products: 10_000, customers: 100_000, orders: 500_000 };

const TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

export function generateOffersData(persistTo: string, storeId: string, size: OffersDataSize, now = new Date()): { tokens: string[]; seconds: number } {
  const started = Date.now();
  const random = seededRandom(20261124);
  const pick = (n: number) => Math.floor(random() * n);
  // Skewed towards small indexes: a few bestsellers, a few loyal customers, a long tail.
  const skewed = (n: number) => Math.floor(n * random() ** 2.2);
  const db = new DatabaseSync(d1File(persistTo));
  const nowIso = now.toISOString();
  const tokens: string[] = [];
  db.exec("BEGIN");
  try {
    const families = 100;
    const clusterSize = 20;
    const insertProduct = db.prepare(
      `INSERT INTO products (store_id, sku, name, family, price, currency, url, image_url, replenish_days, active, updated_at)
       VALUES (?, ?, ?, ?, ?, 'USD', ?, NULL, ?, 1, ?)`,
    );
    const prices: number[] = [];
    for (let p = 0; p < size.products; p++) {
      const price = 500 + pick(40) * 250;
      prices.push(price);
      insertProduct.run(storeId, `sku-${p}`, `Product ${p}`, `family-${p % families}`, price, `https://bench.example/p/${p}`, p % 5 === 0 ? 14 + pick(40) : null, nowIso);
    }
    const insertCustomer = db.prepare(`INSERT INTO customers (store_id, id, email, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`);
    for (let c = 0; c < size.customers; c++) insertCustomer.run(storeId, `cust-${c}`, `c${c}@bench.example`, nowIso, nowIso);

    const insertOrder = db.prepare(
      `INSERT INTO orders (store_id, id, customer_id, placed_at, currency, locale, subtotal, total, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'USD', 'en-US', ?, ?, ?, ?)`,
    );
    const insertLine = db.prepare(
      `INSERT INTO order_lines (store_id, order_id, position, sku, name, family, quantity, unit_price) VALUES (?, ?, ?, ?, ?, ?, 1, ?)`,
    );
    const insertToken = db.prepare(`INSERT INTO order_tokens (token, store_id, order_id, created_at) VALUES (?, ?, ?, ?)`);
    const skuOrders = new Map<number, number>();
    const pairs = new Map<string, number>();
    const totals = new Map<string, CustomerTotals>();
    const clusters = Math.max(1, Math.floor(size.products / clusterSize));
    const yearMs = 365 * 86_400_000;
    for (let o = 0; o < size.orders; o++) {
      const customerId = `cust-${skewed(size.customers)}`;
      const placedAt = new Date(now.getTime() - pick(yearMs)).toISOString();
      const cluster = skewed(clusters);
      const basket = new Set<number>();
      const lines = 1 + skewed(4);
      for (let l = 0; l < lines; l++) basket.add(Math.min(size.products - 1, cluster * clusterSize + pick(clusterSize)));
      if (random() < 0.2) basket.add(skewed(size.products)); // a bestseller on the side
      const skus = [...basket];
      const total = skus.reduce((s, p) => s + prices[p]!, 0);
      const orderId = `ord-${o}`;
      insertOrder.run(storeId, orderId, customerId, placedAt, total, total, nowIso, nowIso);
      skus.forEach((p, i) => insertLine.run(storeId, orderId, i, `sku-${p}`, `Product ${p}`, `family-${p % families}`, prices[p]!));
      let token = "";
      for (let i = 0; i < 43; i++) token += TOKEN_CHARS[pick(64)];
      insertToken.run(token, storeId, orderId, nowIso);
      if (o % Math.max(1, Math.floor(size.orders / 2000)) === 0) tokens.push(token);
      for (const p of skus) skuOrders.set(p, (skuOrders.get(p) ?? 0) + 1);
      for (const a of skus) for (const b of skus) if (a !== b) pairs.set(`${a}|${b}`, (pairs.get(`${a}|${b}`) ?? 0) + 1);
      const t = totals.get(customerId) ?? { customerId, orders: 0, revenue: 0, lastOrderAt: placedAt };
      t.orders++;
      t.revenue += total;
      if (placedAt > t.lastOrderAt) t.lastOrderAt = placedAt;
      totals.set(customerId, t);
    }
    const insertSku = db.prepare(`INSERT INTO sku_orders (store_id, sku, orders) VALUES (?, ?, ?)`);
    for (const [p, n] of skuOrders) insertSku.run(storeId, `sku-${p}`, n);
    const insertPair = db.prepare(`INSERT INTO co_purchase (store_id, sku_a, sku_b, together) VALUES (?, ?, ?, ?)`);
    for (const [key, n] of pairs) {
      const [a, b] = key.split("|");
      insertPair.run(storeId, `sku-${a}`, `sku-${b}`, n);
    }
    const insertTotals = db.prepare(`INSERT INTO customer_totals (store_id, customer_id, orders, revenue, last_order_at) VALUES (?, ?, ?, ?, ?)`);
    for (const t of totals.values()) insertTotals.run(storeId, t.customerId, t.orders, t.revenue, t.lastOrderAt);
    db.prepare(`INSERT INTO store_counters (store_id, orders, quintiles, quintiles_at) VALUES (?, ?, ?, ?)`).run(
      storeId,
      size.orders,
      JSON.stringify(quintilesOf([...totals.values()], now)),
      nowIso,
    );
    db.exec("COMMIT");
  } catch (error) {
    db.exec("ROLLBACK");
    throw error;
  } finally {
    db.close();
  }
  return { tokens, seconds: (Date.now() - started) / 1000 };
}
