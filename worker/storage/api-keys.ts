/**
 * A store's scoped API keys (migration 0018): made, listed and revoked through the admin API. Only
 * each key's hash is kept, and its last four characters to tell it apart.
 */
import type { Scope } from "../../contract/vocabularies.ts";
import { prepare, sql, type Statement } from "./statement.ts";

export interface ApiKeyRow {
  id: string;
  name: string;
  hint: string;
  scopes: Scope[];
  createdAt: string;
  lastUsedAt: string | null;
}

export function createApiKeyStatement(
  storeId: string,
  key: { id: string; name: string; keyHash: string; hint: string; scopes: readonly Scope[]; viaStoreKey: boolean },
  now: string,
): Statement {
  return sql(
    `INSERT INTO api_keys (store_id, id, name, key_hash, hint, scopes, created_at, via_store_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    storeId,
    key.id,
    key.name,
    key.keyHash,
    key.hint,
    JSON.stringify(key.scopes),
    now,
    key.viaStoreKey ? 1 : 0,
  );
}

/**
 * Revokes every live key made with the store's own key, or by what it made (keys, and sessions from
 * the sign-in links they made): a new store key after a leak leaves the leaker nothing. Each is
 * recorded in the audit log, by the operator who rotated the key.
 */
export function revokeKeysViaStoreKeyStatements(storeId: string, now: string): Statement[] {
  return [
    sql(
      `INSERT INTO audit_log (store_id, at, actor_kind, actor_id, actor_name, actor_role, action, target, before, after)
       SELECT store_id, ?, 'operator', 'cli', NULL, NULL, 'key.revoked', id, json_object('name', name, 'scopes', json(scopes), 'hint', hint), NULL
       FROM api_keys WHERE store_id = ? AND via_store_key = 1 AND revoked_at IS NULL`,
      now,
      storeId,
    ),
    sql(`UPDATE api_keys SET revoked_at = ? WHERE store_id = ? AND via_store_key = 1 AND revoked_at IS NULL`, now, storeId),
  ];
}

/** The store's live scoped keys, oldest first, and when its own key was last used. */
export async function listApiKeys(db: D1Database, storeId: string): Promise<{ keys: ApiKeyRow[]; storeKeyLastUsedAt: string | null }> {
  const [keys, store] = await db.batch([
    prepare(
      db,
      sql(
        `SELECT id, name, hint, scopes, created_at AS createdAt, last_used_at AS lastUsedAt FROM api_keys
         WHERE store_id = ? AND revoked_at IS NULL ORDER BY created_at, id`,
        storeId,
      ),
    ),
    prepare(db, sql(`SELECT api_key_last_used_at AS lastUsedAt FROM stores WHERE id = ?`, storeId)),
  ]);
  return {
    keys: ((keys?.results ?? []) as (Omit<ApiKeyRow, "scopes"> & { scopes: string })[]).map((row) => ({
      ...row,
      scopes: JSON.parse(row.scopes) as Scope[],
    })),
    storeKeyLastUsedAt: ((store?.results[0] as { lastUsedAt: string | null } | undefined) ?? { lastUsedAt: null }).lastUsedAt,
  };
}

/** One live scoped key of the store, or null. */
export async function getApiKey(db: D1Database, storeId: string, id: string): Promise<ApiKeyRow | null> {
  const row = await db
    .prepare(
      `SELECT id, name, hint, scopes, created_at AS createdAt, last_used_at AS lastUsedAt FROM api_keys
       WHERE store_id = ? AND id = ? AND revoked_at IS NULL`,
    )
    .bind(storeId, id)
    .first<Omit<ApiKeyRow, "scopes"> & { scopes: string }>();
  return row ? { ...row, scopes: JSON.parse(row.scopes) as Scope[] } : null;
}

/** How many live scoped keys the store has. */
export async function countApiKeys(db: D1Database, storeId: string): Promise<number> {
  const row = await db
    .prepare(`SELECT count(*) AS n FROM api_keys WHERE store_id = ? AND revoked_at IS NULL`)
    .bind(storeId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** Revokes a key: the next request with it is refused (the lookup skips revoked keys). */
export const revokeApiKeyStatement = (storeId: string, id: string, now: string): Statement =>
  sql(`UPDATE api_keys SET revoked_at = ? WHERE store_id = ? AND id = ? AND revoked_at IS NULL`, now, storeId, id);
