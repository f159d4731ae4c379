import { inject } from "vitest";
import { toSqlScript, type Statement } from "../../worker/storage/statement.ts";
import { d1Execute } from "../../scripts/lib/wrangler.ts";

/** Reads the e2e worker's local D1 directly, the way an operator would, to see what really landed. */
export async function queryD1(statement: Statement): Promise<Record<string, unknown>[]> {
  const [rows] = await d1Execute(toSqlScript([statement]), { persistTo: inject("demo").persistTo });
  return rows ?? [];
}

/** Polls until `check` passes: the widget writes asynchronously, and D1 is read through wrangler. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value)) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 300));
    value = await read();
  }
  return value;
}
