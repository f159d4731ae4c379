/**
 * Shards (issue 23, many databases): stores live in several D1 databases, `s0` (the `DB` binding,
 * which also holds the store directory) and `s1`, `s2`… (`DB_S1`, `DB_S2`…). A credential minted for
 * a store outside s0 carries its shard, so a request holding one needs no directory read:
 *
 *   order token   s1.<43 base64url>        (an old token is the 43 characters alone)
 *   API key       dsk_s1.<43>              scoped keys the same
 *   session       dss_s1.<43>              login code  dsl_s1.<43>
 *   photo key     ph_s1.<24>.jpg
 *
 * `.` is not in base64url, so no credential minted before shards (or for s0, which keeps the old
 * shapes) can be read as carrying a marker: every old credential means s0.
 */

/** A shard's name: `s` and its number, as the binding `DB_S<n>` (s0 is `DB`). */
export type Shard = `s${number}`;

/** Where stores without a directory row live (every store made before shards), and the directory. */
export const HOME_SHARD: Shard = "s0";

const SHARD_NAME = /^s(?:0|[1-9][0-9]{0,2})$/;

export const isShard = (value: string): value is Shard => SHARD_NAME.test(value);

/** The marker a secret part carries for its shard: none for s0, so its credentials keep their old shape. */
export const markShard = (shard: Shard, secret: string): string => (shard === HOME_SHARD ? secret : `${shard}.${secret}`);

/** The marker's shape inside a credential: `s<n>.` right after the credential's own prefix. */
const MARKER = /^s(0|[1-9][0-9]{0,2})\./;

/** The prefixes before the marker, by credential: order tokens have none. */
const PREFIXES = ["dsk_", "dss_", "dsl_", "ph_", ""] as const;

/**
 * The shard a credential names: its marker's, or s0 when it has none (every credential made before
 * shards). Whether that shard exists here is the caller's question (a marker naming one that does not
 * is answered like any credential that opens nothing).
 */
export function shardOfCredential(credential: string): Shard {
  const prefix = PREFIXES.find((p) => credential.startsWith(p)) ?? "";
  const match = MARKER.exec(credential.slice(prefix.length));
  return match ? `s${Number(match[1])}` : HOME_SHARD;
}

/** The binding a shard's database is under: `DB` for s0, `DB_S<n>` for the others. */
export const bindingOfShard = (shard: Shard): string => (shard === HOME_SHARD ? "DB" : `DB_S${shard.slice(1)}`);

/** The shard a binding's name is, or undefined for any other binding. */
export function shardOfBinding(name: string): Shard | undefined {
  if (name === "DB") return HOME_SHARD;
  const match = /^DB_S([1-9][0-9]{0,2})$/.exec(name);
  return match ? `s${Number(match[1])}` : undefined;
}

/**
 * Shards new stores may be placed in, from `OPEN_SHARDS` ("s0,s1"): a shard being drained or full is
 * left out while its stores keep working. Names not among the bound shards are dropped; none left
 * means s0.
 */
export function openShards(list: string | undefined, bound: readonly Shard[]): Shard[] {
  const open = (list ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s): s is Shard => isShard(s) && bound.includes(s));
  return open.length ? [...new Set(open)] : [HOME_SHARD];
}

/** Where a new store goes: the open shard holding the fewest stores (the first of them on a tie). */
export function placeStore(open: readonly Shard[], counts: ReadonlyMap<Shard, number>): Shard {
  let best = open[0] ?? HOME_SHARD;
  for (const shard of open) if ((counts.get(shard) ?? 0) < (counts.get(best) ?? 0)) best = shard;
  return best;
}
