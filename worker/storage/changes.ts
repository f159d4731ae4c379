/**
 * Writes made by storage functions, grouped by a service into one transaction. A service never holds
 * SQL: it asks storage for each change (`…Statement` functions) and hands them back here to be applied
 * together, all or none (one D1 batch).
 */
import { runBatch, type Statement } from "./statement.ts";

/** One write, as a storage function made it. */
export type Change = Statement;

/** Applies the changes in one transaction, answering each one's result. */
export function applyChanges(db: D1Database, changes: Change[]) {
  return runBatch(db, changes);
}
