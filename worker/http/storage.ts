import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./app-env.ts";
import { BOOKMARK_HEADER, sessionStart } from "./d1-session.ts";
import { inSession } from "../storage/d1-session.ts";
import { parseFaults, withFaults, type Faults } from "../storage/faults.ts";
import { guardD1 } from "../storage/storage-guard.ts";

let parsedFaults: { value: string; faults: Faults } | undefined;

/**
 * The request's database. The D1 binding goes behind the storage guard (so a database failure answers
 * 503 with Retry-After, not 500), and, only when the test-only DOORSTEP_FAULTS var is set, behind the
 * fault hook first, so injected failures travel the same path as real ones. Shoppers' and the
 * dashboard's requests then run in a D1 session (http/d1-session.ts says where it starts), and their
 * answer carries the session's bookmark in `Doorstep-Bookmark`, error answers included. A copy of the
 * bindings is made: the original object is shared by every request of the isolate.
 */
export const storageGuard = createMiddleware<AppEnv>(async (c, next) => {
  let db = c.env.DB;
  const spec = c.env.DOORSTEP_FAULTS;
  if (spec) {
    if (parsedFaults?.value !== spec) parsedFaults = { value: spec, faults: parseFaults(spec) };
    db = withFaults(db, parsedFaults.faults);
  }
  db = guardD1(db);
  const start = sessionStart({
    method: c.req.method,
    path: c.req.path,
    authorization: c.req.header("authorization"),
    bookmark: c.req.header(BOOKMARK_HEADER),
  });
  const session = start === undefined ? undefined : inSession(db, start);
  c.env = { ...c.env, DB: session?.db ?? db };
  await next();
  const bookmark = session?.bookmark();
  if (bookmark) c.header(BOOKMARK_HEADER, bookmark);
});
