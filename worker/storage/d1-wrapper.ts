/**
 * A D1 binding seen through a hook: every call that reaches the database (a statement's run/all/first/
 * raw, a batch, exec, and the same of a session it opens) goes through `around`, which learns the SQL
 * and whether it writes. The storage guard and the test-only fault hook are both such hooks, so neither
 * needs to know D1's whole surface.
 */
export interface D1Call {
  sql: string[];
  /** Any of the statements changes data (a batch counts as a write if one of them does). */
  write: boolean;
}

export type Around = <T>(call: D1Call, run: () => Promise<T>) => Promise<T>;

// The first keyword decides; a CTE is followed to the statement it feeds. SELECTs that mention
// "updated_at" do not count: the keyword must stand alone.
const WRITE = /^\s*(?:WITH\b[\s\S]*?\)\s*)?(?:INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b/i;
export const isWrite = (sqlText: string) => WRITE.test(sqlText);

class WrappedStatement {
  constructor(
    readonly inner: D1PreparedStatement,
    readonly sqlText: string,
    private readonly around: Around,
  ) {}

  private call<T>(run: () => Promise<T>): Promise<T> {
    return this.around({ sql: [this.sqlText], write: isWrite(this.sqlText) }, run);
  }

  bind(...values: unknown[]): D1PreparedStatement {
    return new WrappedStatement(this.inner.bind(...values), this.sqlText, this.around) as unknown as D1PreparedStatement;
  }
  first<T>(column?: string): Promise<T | null> {
    return this.call(() => (column === undefined ? this.inner.first<T>() : this.inner.first<T>(column)));
  }
  run<T>(): Promise<D1Result<T>> {
    return this.call(() => this.inner.run<T>());
  }
  all<T>(): Promise<D1Result<T>> {
    return this.call(() => this.inner.all<T>());
  }
  raw<T extends unknown[]>(options?: { columnNames?: boolean }): Promise<T[]> {
    return this.call(() => this.inner.raw(options as { columnNames: true }) as unknown as Promise<T[]>);
  }
}

/** D1 only accepts its own statements in a batch: hand each layer's wrapper back to the layer below. */
const unwrap = (statement: D1PreparedStatement) => (statement instanceof WrappedStatement ? statement.inner : statement);

/** A session's or a binding's statements and batches, each through `around`. */
function wrapQueries(target: Pick<D1Database, "prepare" | "batch">, around: Around) {
  return {
    prepare(query: string) {
      return new WrappedStatement(target.prepare(query), query, around) as unknown as D1PreparedStatement;
    },
    batch<T>(statements: D1PreparedStatement[]) {
      const sqlTexts = statements.map((s) => (s instanceof WrappedStatement ? s.sqlText : ""));
      return around({ sql: sqlTexts, write: sqlTexts.some(isWrite) }, () => target.batch<T>(statements.map(unwrap)));
    },
  };
}

export function wrapD1(db: D1Database, around: Around): D1Database {
  const wrapped = {
    ...wrapQueries(db, around),
    exec(query: string) {
      return around({ sql: [query], write: isWrite(query) }, () => db.exec(query));
    },
    // A session's queries go through the same hook as the binding's (the request's database is one,
    // worker/storage/d1-session.ts); its bookmark is the session's own.
    withSession(constraint?: D1SessionBookmark | D1SessionConstraint): D1DatabaseSession {
      const session = db.withSession(constraint);
      return { ...wrapQueries(session, around), getBookmark: () => session.getBookmark() } as D1DatabaseSession;
    },
    dump: () => db.dump(),
  };
  return wrapped as unknown as D1Database;
}
