import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./app-env.ts";
import { parseFaults, withFaults, type Faults } from "../storage/faults.ts";
import { guardD1 } from "../storage/storage-guard.ts";

let parsedFaults: { value: string; faults: Faults } | undefined;

/**
 * Puts the request's D1 binding behind the storage guard (so a database failure answers 503 with
 * Retry-After, not 500), and, only when the test-only DOORSTEP_FAULTS var is set, behind the fault
 * hook first, so injected failures travel the same path as real ones. A copy of the bindings is
 * made: the original object is shared by every request of the isolate.
 */
export const storageGuard = createMiddleware<AppEnv>(async (c, next) => {
  let db = c.env.DB;
  const spec = c.env.DOORSTEP_FAULTS;
  if (spec) {
    if (parsedFaults?.value !== spec) parsedFaults = { value: spec, faults: parseFaults(spec) };
    db = withFaults(db, parsedFaults.faults);
  }
  c.env = { ...c.env, DB: guardD1(db) };
  await next();
});
