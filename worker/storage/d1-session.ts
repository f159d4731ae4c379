/**
 * A request's database as one D1 session (issue 23, reads from replicas). D1 sends a binding's own
 * statements to the primary; a session's may be served by a read replica, and every statement of one
 * session sees at least what the ones before it saw (sequential consistency). Where a session starts:
 *   "first-primary"        its first statement is the primary's: what a write needs;
 *   "first-unconstrained"  anywhere, a replica near the request: what a read needs;
 *   a bookmark             any copy at least as new as the point the bookmark names: a read that must
 *                          see a write made earlier (the bookmark that write's answer carried).
 * The session's bookmark after its last statement goes back to the client with the answer
 * (http/d1-session.ts), so the client's next request starts where this one ended: read-your-writes.
 *
 * Storage and services take a `D1Database`, and keep doing so: the request's database is a
 * `D1Database` whose statements and batches run in the session. Only `exec` (never used while
 * answering a request) and `withSession` (a session of its own) go to the binding itself.
 */
export interface RequestDatabase {
  db: D1Database;
  /** The session's newest bookmark: null before its first statement (and where D1 gives none). */
  bookmark(): string | null;
}

export function inSession(db: D1Database, start: D1SessionConstraint | D1SessionBookmark): RequestDatabase {
  const session = db.withSession(start);
  const facade = {
    prepare: (query: string) => session.prepare(query),
    batch: <T>(statements: D1PreparedStatement[]) => session.batch<T>(statements),
    exec: (query: string) => db.exec(query),
    withSession: (constraint?: D1SessionConstraint | D1SessionBookmark) => db.withSession(constraint),
    dump: () => db.dump(),
  };
  return { db: facade as unknown as D1Database, bookmark: () => session.getBookmark() ?? null };
}
