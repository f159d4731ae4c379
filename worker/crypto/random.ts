import { HOME_SHARD, markShard, type Shard } from "../domain/shards.ts";
import { toBase64Url } from "./encoding.ts";

/** URL-safe random string carrying `bytes * 8` bits from the platform CSPRNG. */
export function randomToken(bytes = 32): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/**
 * Order tokens: 256 bits, 43 URL-safe characters, after the store's shard marker when it is not s0
 * (`s1.…`, domain/shards.ts), so a shopper's request goes to its database without a lookup.
 */
export const newOrderToken = (shard: Shard = HOME_SHARD) => markShard(shard, randomToken(32));
export const ORDER_TOKEN_PATTERN = /^(?:s(?:0|[1-9][0-9]{0,2})\.)?[A-Za-z0-9_-]{43}$/;

/**
 * Store API keys carry a recognisable prefix so leaked keys can be found by secret scanners, then the
 * store's shard marker (none for s0).
 */
export const newApiKey = (shard: Shard = HOME_SHARD) => `dsk_${markShard(shard, randomToken(32))}`;
export const newWebhookSecret = () => `dsw_${randomToken(32)}`;
/** Dashboard sessions and one-time login codes: prefix, shard marker, 256 bits. */
export const newSessionToken = (shard: Shard) => `dss_${markShard(shard, randomToken(32))}`;
export const newLoginCode = (shard: Shard) => `dsl_${markShard(shard, randomToken(32))}`;
