import { z } from "zod";
import { wrapD1 } from "./d1-wrapper.ts";

/**
 * Test-only fault injection for D1 writes, switched on by the DOORSTEP_FAULTS var (never set in
 * wrangler.toml, so a deployed worker has none). Format: `before=0.10,after=0.05`:
 * - before: share of write calls that fail without reaching the database (nothing committed);
 * - after: share of write calls that fail once the database has committed (the answer is lost, so
 *   the client's retry meets its own earlier write).
 * Reads are never failed: the load test is about what happens to acknowledged writes.
 */
const share = z.coerce.number().min(0).max(1);

export const faultsSchema = z
  .object({ before: share.default(0), after: share.default(0) })
  .strict()
  .refine((f) => f.before + f.after <= 1, { message: "before + after must be at most 1" });

export type Faults = z.infer<typeof faultsSchema>;

/** Parses the var; throws (naming the problem) on anything but `name=share` pairs it knows. */
export function parseFaults(value: string): Faults {
  const pairs = value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const at = part.indexOf("=");
      if (at < 1) throw new Error(`DOORSTEP_FAULTS: "${part}" is not name=share`);
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    });
  const names = pairs.map(([name]) => name);
  if (new Set(names).size !== names.length) throw new Error("DOORSTEP_FAULTS: a name is given twice");
  const parsed = faultsSchema.safeParse(Object.fromEntries(pairs));
  if (!parsed.success)
    throw new Error(`DOORSTEP_FAULTS: ${parsed.error.issues.map((i) => `${i.path.join(".") || "value"}: ${i.message}`).join("; ")}`);
  return parsed.data;
}

/** The message imitates D1's own, so the storage guard treats an injected fault like a real one. */
export const INJECTED_BEFORE = "D1_ERROR: injected fault before the write (DOORSTEP_FAULTS)";
export const INJECTED_AFTER = "D1_ERROR: injected fault after the write committed (DOORSTEP_FAULTS)";

export function withFaults(db: D1Database, faults: Faults, random: () => number = Math.random): D1Database {
  return wrapD1(db, async (call, run) => {
    if (!call.write) return run();
    const draw = random();
    if (draw < faults.before) throw new Error(INJECTED_BEFORE);
    const result = await run();
    if (draw < faults.before + faults.after) throw new Error(INJECTED_AFTER);
    return result;
  });
}

let parsed: { spec: string; faults: Faults } | undefined;

/** The binding behind the fault hook when DOORSTEP_FAULTS is set (parsed once per value), else as it is. */
export function withFaultsFrom(db: D1Database, spec: string | undefined): D1Database {
  if (!spec) return db;
  if (parsed?.spec !== spec) parsed = { spec, faults: parseFaults(spec) };
  return withFaults(db, parsed.faults);
}
