/**
 * A shopper's link to their order, replaced (`POST /v1/admin/orders/{orderId}/token`): a link that
 * was forwarded, posted or leaked stops opening the order at once, and the shopper is sent the new one.
 */
import { newOrderToken } from "../crypto/random.ts";
import type { Store } from "../domain/records.ts";
import type { Shard } from "../domain/shards.ts";
import { statusUrl } from "../domain/status-url.ts";
import { applyChanges } from "../storage/changes.ts";
import { rotateTokenStatements } from "../storage/orders.ts";

/**
 * The order's new token (carrying the store's shard, which `db` is) and status link; null when the
 * store has no such order (nothing changes then).
 */
export async function rotateOrderToken(db: D1Database, shard: Shard, store: Store, orderId: string, now: Date) {
  const token = newOrderToken(shard);
  const rotatedAt = now.toISOString();
  const results = await applyChanges(db, rotateTokenStatements(store.id, orderId, token, rotatedAt));
  if (!results.at(-1)?.meta.changes) return null;
  return { orderId, orderToken: token, statusUrl: statusUrl(store.statusPageUrl, store.primaryOrigin, token), rotatedAt };
}
