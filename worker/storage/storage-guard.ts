import { wrapD1 } from "./d1-wrapper.ts";

/**
 * The database could not do what was asked, for reasons on its side (unavailable, overloaded, reset,
 * a batch that failed as a whole): nothing in the request was wrong, and the same request may succeed
 * a moment later. Writes are single statements or atomic batches, so a failed one left nothing behind.
 */
export class StorageUnavailable extends Error {
  constructor(override readonly cause: unknown) {
    super(`storage unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/**
 * D1 reports a mistake in our own statement (bad SQL, a bound value of the wrong type, a constraint
 * the code should have kept) through the same exceptions as an outage. Those are bugs and must stay
 * 500s that someone looks at; retrying them would only repeat them.
 */
const STATEMENT_BUG =
  /D1_TYPE_ERROR|D1_COLUMN_NOTFOUND|SQLITE_ERROR|SQLITE_CONSTRAINT|SQLITE_MISMATCH|SQLITE_RANGE|SQLITE_TOOBIG|no such (?:table|column|function)|syntax error|Wrong number of parameter bindings|too many SQL variables/i;

export const isStatementBug = (error: unknown) => error instanceof Error && STATEMENT_BUG.test(error.message);

/** Every failure of this binding that is not a statement bug comes out as `StorageUnavailable`. */
export function guardD1(db: D1Database): D1Database {
  return wrapD1(db, async (_call, run) => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof StorageUnavailable || isStatementBug(error)) throw error;
      throw new StorageUnavailable(error);
    }
  });
}
