/**
 * After the run, D1 is read back with the worker stopped: every write acknowledged with a 2xx must be
 * there exactly once, each webhook delivery with its one carrier event, and the setup's orders each
 * once with everything the worker keeps for a new order.
 */
import { d1Execute } from "../lib/wrangler.ts";
import { inShard, shardOfStore } from "../lib/shards.ts";
import { sql, toSqlScript } from "../../worker/storage/statement.ts";
import type { Measurements } from "./measurements.ts";
import type { Ledger } from "./operations.ts";

type SetupFigure = "orders" | "shipments" | "tokens" | "counted" | "sku_orders" | "customer_orders" | "scheduled";

export interface Stored {
  widgetEvents: string[];
  deliveries: string[];
  merchantEvents: string[];
  webhookCarrierEvents: number;
  /** Each should equal the number of orders set up. */
  setup: Record<SetupFigure, number>;
}

export interface Reconciled {
  lost: number;
  duplicated: number;
  /** Rows no acknowledged write explains (a write committed whose operation then gave up). */
  unexplained: number;
}

/** Compares what was stored with what was acknowledged; a half-made webhook write or a short setup is a violation. */
export function reconcile(stored: Stored, ledger: Ledger, orders: number, measurements: Measurements): Reconciled {
  const deliveryRows = countOf(stored.deliveries);
  const results = [
    check(ledger.eventIds, countOf(stored.widgetEvents)),
    check(
      ledger.deliveries.map((d) => d.id),
      deliveryRows,
    ),
    check(
      ledger.merchantEvents.map((e) => `m:${e.id}`),
      countOf(stored.merchantEvents),
    ),
  ];
  // Each acknowledged delivery carried one new scan: a stored delivery without its event would be a
  // half-made write, and an event counted twice would show here as more rows than deliveries.
  if (stored.webhookCarrierEvents !== deliveryRows.size) {
    measurements.violation(
      "webhook",
      0,
      `${deliveryRows.size} deliveries stored but ${stored.webhookCarrierEvents} carrier events from webhooks`,
    );
  }
  for (const [name, value] of Object.entries(stored.setup)) {
    if (value !== orders) measurements.violation("order_read", 0, `setup: ${name} is ${value} for ${orders} orders`);
  }
  const sum = (key: keyof Reconciled) => results.reduce((s, r) => s + r[key], 0);
  return { lost: sum("lost"), duplicated: sum("duplicated"), unexplained: sum("unexplained") };
}

function countOf(ids: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const id of ids) m.set(id, (m.get(id) ?? 0) + 1);
  return m;
}

function check(acked: string[], rows: Map<string, number>): Reconciled {
  const ackedSet = new Set(acked);
  let lost = 0;
  let duplicated = 0;
  for (const id of ackedSet) if (!rows.has(id)) lost++;
  for (const [, count] of rows) if (count > 1) duplicated += count - 1;
  const unexplained = [...rows.keys()].filter((id) => !ackedSet.has(id)).length;
  return { lost, duplicated, unexplained };
}

/** The rows a load run can have written, read with `wrangler d1 execute` once the worker is stopped. */
export async function readBack(persistTo: string, storeId: string): Promise<Stored> {
  const [events, deliveries, merchant, carrier, orders] = await d1Execute(
    toSqlScript([
      sql(`SELECT id FROM widget_events WHERE store_id = ?`, storeId),
      sql(`SELECT id FROM webhook_deliveries WHERE store_id = ?`, storeId),
      sql(`SELECT id FROM carrier_events WHERE store_id = ? AND source = 'merchant'`, storeId),
      sql(`SELECT count(*) AS n FROM carrier_events WHERE store_id = ? AND source IN ('easypost', 'aftership')`, storeId),
      // Orders were created through the same faults: each once, with one token, counted once in the
      // facts offers rank from, and with its lifecycle schedule made.
      sql(
        `SELECT (SELECT count(*) FROM orders WHERE store_id = ?) AS orders,
                (SELECT count(*) FROM shipments WHERE store_id = ?) AS shipments,
                (SELECT count(*) FROM order_tokens WHERE store_id = ?) AS tokens,
                (SELECT coalesce(max(orders), 0) FROM store_counters WHERE store_id = ?) AS counted,
                (SELECT coalesce(sum(orders), 0) FROM sku_orders WHERE store_id = ?) AS sku_orders,
                (SELECT coalesce(sum(orders), 0) FROM customer_totals WHERE store_id = ?) AS customer_orders,
                (SELECT count(DISTINCT order_id) FROM lifecycle_moments WHERE store_id = ?) AS scheduled`,
        ...Array<string>(7).fill(storeId),
      ),
    ]),
    // The store's shard (the load run's store is in s1: faults-run.ts).
    inShard({ persistTo }, await shardOfStore(storeId, { persistTo })),
  );
  const ids = (rows: Record<string, unknown>[] | undefined) => (rows ?? []).map((r) => String(r.id));
  return {
    widgetEvents: ids(events),
    deliveries: ids(deliveries),
    merchantEvents: ids(merchant),
    webhookCarrierEvents: Number(carrier?.[0]?.n ?? 0),
    setup: Object.fromEntries(Object.entries(orders?.[0] ?? {}).map(([k, v]) => [k, Number(v)])) as Record<SetupFigure, number>,
  };
}
