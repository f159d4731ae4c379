import { DatabaseSync } from "node:sqlite";
import { mkdirSync, rmSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { applyMigrations, ROOT } from "../scripts/lib/wrangler.ts";
import { createStore, parseSettings } from "../scripts/lib/store-admin.ts";
import { ensureLocalSecretKey } from "../scripts/lib/dev-vars.ts";
import { d1File, generateOffersData, FULL_SIZE } from "../scripts/bench/offers-data.ts";
const persistTo = "/tmp/prof/d1";
let tokens: string[];
if (!process.env.REUSE) {
  rmSync(persistTo, { recursive: true, force: true }); mkdirSync(persistTo, { recursive: true });
  await applyMigrations({ persistTo });
  await createStore("bench-offers", parseSettings({ name: "B", origins: ["http://127.0.0.1:9"] }), ensureLocalSecretKey(), { persistTo });
  tokens = generateOffersData(persistTo, "bench-offers", FULL_SIZE).tokens;
  (await import("node:fs")).writeFileSync("/tmp/prof/tokens.json", JSON.stringify(tokens));
} else tokens = JSON.parse(readFileSync("/tmp/prof/tokens.json", "utf8"));
const db = new DatabaseSync(d1File(persistTo));
const src = readFileSync(join(ROOT, "worker/storage/offers.ts"), "utf8");
console.log("tokens", tokens.length);
// statements: reconstruct by hand
const customerLines = `SELECT l.sku, l.family, l.unit_price, o.placed_at AS at FROM orders o CROSS JOIN order_lines l ON l.store_id = o.store_id AND l.order_id = o.id
    WHERE o.store_id = ?1 AND o.customer_id = ?2 ORDER BY o.placed_at DESC LIMIT 200`;
const neighbours = `SELECT sku_b FROM co_purchase WHERE store_id = ?1 AND sku_a IN (SELECT value FROM json_each(?3)) ORDER BY together DESC LIMIT 200`;
const pc = `p.sku, p.name, p.family, p.price, p.currency, p.url, p.image_url, p.replenish_days, p.active`;
const stmts: Record<string, string> = {
  lines: customerLines,
  related: `SELECT c.sku_a, c.sku_b, c.together, a.orders AS with_a, b.orders AS with_b
         FROM (SELECT sku_a, sku_b, together FROM co_purchase WHERE store_id = ?1 AND sku_a IN (SELECT value FROM json_each(?3))
               ORDER BY together DESC LIMIT 200) c
         JOIN sku_orders a ON a.store_id = ?1 AND a.sku = c.sku_a
         JOIN sku_orders b ON b.store_id = ?1 AND b.sku = c.sku_b
         ORDER BY c.together DESC`,
  products: `WITH bought AS MATERIALIZED (${customerLines})
         SELECT ${pc} FROM products p
         WHERE p.store_id = ?1 AND p.sku IN (SELECT value FROM json_each(?4) UNION SELECT * FROM (${neighbours}) UNION SELECT sku FROM bought)
         UNION
         SELECT sku, name, family, price, currency, url, image_url, replenish_days, active FROM (
           SELECT ${pc}, row_number() OVER (PARTITION BY b.family, b.unit_price ORDER BY p.price) AS step
           FROM (SELECT DISTINCT family, unit_price FROM bought WHERE family IS NOT NULL LIMIT 10) b
           JOIN products p ON p.store_id = ?1 AND p.family = b.family AND p.price > b.unit_price AND p.price <= b.unit_price * 5 / 2)
         WHERE step <= 5
         LIMIT 1000`,
  neighbours,
  order: `SELECT o.*, (SELECT json_group_array(sku) FROM order_lines l WHERE l.store_id=o.store_id AND l.order_id=o.id) AS skus FROM order_tokens t JOIN orders o ON o.store_id=t.store_id AND o.id=t.order_id WHERE t.token=?1`,
};
const prepared = Object.fromEntries(Object.entries(stmts).map(([k, v]) => [k, db.prepare(v)]));
const times: Record<string, number[]> = {};
for (const token of tokens.slice(0, 1000)) {
  const t0 = performance.now();
  const o = prepared.order!.get(token) as { customer_id: string; skus: string };
  const args = ["bench-offers", o.customer_id, o.skus, o.skus];
  (times.order ??= []).push(performance.now() - t0);
  for (const k of ["lines", "related", "products"]) {
    const t = performance.now();
    const n = k === "lines" ? prepared[k]!.all("bench-offers", o.customer_id) : k === "related" ? prepared[k]!.all(...args.slice(0, 3)) : prepared[k]!.all(...args);
    (times[k] ??= []).push(performance.now() - t);
  }
}
const q = (a: number[], p: number) => a.slice().sort((x, y) => x - y)[Math.floor(p * (a.length - 1))]!.toFixed(2);
for (const [k, a] of Object.entries(times)) console.log(k.padEnd(10), "p50", q(a, 0.5), "p99", q(a, 0.99), "max", q(a, 1));
console.log(db.prepare("EXPLAIN QUERY PLAN " + stmts.products).all("bench-offers", "cust-1", "[]", "[]").map((r: any) => r.detail).join("\n"));
