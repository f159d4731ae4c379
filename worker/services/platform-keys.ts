/**
 * What verifying a platform's webhook needs from the store's connection (the sender it expects and
 * the secret, opened as a verify-only HMAC key), kept in the isolate's memory for a minute so a
 * webhook costs neither a D1 read nor unsealing the secret. Memory is trusted only to accept:
 *   - the delivery is stored only while the connection still holds the sealed secret it was verified
 *     with (storage/platform-deliveries.ts checks it in the same statement), so a reconnection, a
 *     rotated secret or a removed connection counts from the next request on, not after the minute;
 *   - a refusal made from memory is made again from D1 before it is answered (platform-receive.ts).
 * Opened keys are also kept by the sealed value they came from: reading the row again for a refusal
 * does not unseal the same secret twice.
 */
import { openJson } from "../crypto/secret-box.ts";
import { hmacVerifyKey } from "../crypto/hmac.ts";
import type { Platform } from "../domain/platforms/platform-order.ts";
import { getConnection } from "../storage/connections.ts";

export interface PlatformKey {
  /** The connection's settings (`shop` for Shopify, `site` for WooCommerce). */
  settings: Record<string, string>;
  /** The sealed secrets the key was opened from: the delivery is stored only while they still hold. */
  sealed: string;
  /** The webhook secret as a verify-only HMAC key; null when the connection holds none. */
  key: CryptoKey | null;
  /** Read from D1 for this request (else from the isolate's memory). */
  fresh: boolean;
}

/** The connection's secrets cannot be opened (a wrong or rotated DOORSTEP_SECRET_KEY, a damaged row). */
export class SecretsUnavailable extends Error {}

/** How long a connection read from D1 is used from memory. */
export const KEY_TTL_MS = 60_000;
/** Connections kept per isolate; the oldest goes first. */
const MAX_ENTRIES = 500;

interface Entry {
  at: number;
  master: string;
  value: Omit<PlatformKey, "fresh">;
}

const entries = new Map<string, Entry>();
const keyOf = (storeId: string, platform: Platform) => `${platform}\u0000${storeId}`;

/**
 * The connection's verification key, from memory while it is younger than KEY_TTL_MS (unless `fresh`
 * is asked), else from D1. Null without a connection. Throws SecretsUnavailable when the secrets
 * cannot be opened: nothing can be verified, so nothing may be accepted.
 */
export async function platformKey(
  env: Env,
  storeId: string,
  platform: Platform,
  options: { fresh?: boolean; now?: number } = {},
): Promise<PlatformKey | null> {
  const now = options.now ?? Date.now();
  const id = keyOf(storeId, platform);
  const known = entries.get(id);
  const usable = known && known.master === env.DOORSTEP_SECRET_KEY;
  if (usable && !options.fresh && now - known.at < KEY_TTL_MS) return { ...known.value, fresh: false };

  const row = await getConnection(env.DB, storeId, platform);
  if (!row) {
    entries.delete(id);
    return null;
  }
  let key: CryptoKey | null;
  if (usable && known.value.sealed === row.secretsSealed) key = known.value.key;
  else {
    let secret: string | undefined;
    try {
      secret = (await openJson<{ secret?: string }>(env.DOORSTEP_SECRET_KEY, row.secretsSealed)).secret;
    } catch (error) {
      entries.delete(id);
      throw new SecretsUnavailable(error instanceof Error ? error.message : String(error));
    }
    key = secret ? await hmacVerifyKey(secret) : null;
  }
  const value = { settings: row.settings, sealed: row.secretsSealed, key };
  entries.delete(id);
  entries.set(id, { at: now, master: env.DOORSTEP_SECRET_KEY, value });
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  return { ...value, fresh: true };
}

/** Forgets what memory holds for a connection (tests; a caller that learnt it changed). */
export function forgetPlatformKey(storeId: string, platform: Platform): void {
  entries.delete(keyOf(storeId, platform));
}
