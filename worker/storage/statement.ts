/**
 * A SQL statement with its parameters, kept as data so the same storage code serves the worker
 * (`db.prepare(sql).bind(...)`) and the operator CLI (a script for `wrangler d1 execute`).
 */
export interface Statement {
  sql: string;
  params: (string | number | null)[];
}

export const sql = (text: string, ...params: Statement["params"]): Statement => ({ sql: text, params });

export function prepare(db: D1Database, statement: Statement): D1PreparedStatement {
  return db.prepare(statement.sql).bind(...statement.params);
}

/** Runs statements as one D1 batch, which D1 executes as a single transaction. */
export function runBatch(db: D1Database, statements: Statement[]) {
  return db.batch(statements.map((s) => prepare(db, s)));
}

/** Inlines parameters as SQL literals, for `wrangler d1 execute --command/--file` where binding is unavailable. */
export function toSqlScript(statements: Statement[]): string {
  return statements
    .map(({ sql: text, params }) => {
      let index = 0;
      const inlined = text.replace(/\?/g, () => literal(params[index++]));
      if (index !== params.length) throw new Error(`parameter count mismatch in: ${text}`);
      return `${inlined};`;
    })
    .join("\n");
}

function literal(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error("non-finite number in SQL");
    return String(value);
  }
  return `'${value.replace(/'/g, "''")}'`;
}
