/**
 * Writes the demo history (generate.ts) into the local D1 SQLite file in one transaction, through the
 * worker's own statements (statements.ts), while no `wrangler dev` holds the file. Orders go through
 * orderUpsertStatements, which brings newOrderFactsStatements (counters, co-purchase, customer totals
 * and offer conversions), so the aggregates are exactly what the worker would have kept. If the
 * store already has the first history order, it is left as it is.
 */
import { DatabaseSync } from "node:sqlite";
import { orderExistsStatement } from "../../../worker/storage/orders.ts";
import { inTransaction, statementRunner } from "../local-d1.ts";
import { FIRST_ORDER_ID, generateDemoHistory } from "./generate.ts";
import { historyStatements } from "./statements.ts";
import type { HistoryOptions } from "./types.ts";

export function seedDemoHistory(dbFile: string, options: HistoryOptions): { orders: number; seconds: number; skipped: boolean } {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const db = new DatabaseSync(dbFile);
  try {
    const runner = statementRunner(db);
    if (runner.first(orderExistsStatement(options.storeId, FIRST_ORDER_ID))) return { orders: 0, seconds: seconds(), skipped: true };
    const history = generateDemoHistory(options);
    inTransaction(db, () => runner.run(historyStatements(options.storeId, history, options.now)));
    return { orders: history.orders.length, seconds: seconds(), skipped: false };
  } finally {
    db.close();
  }
}
