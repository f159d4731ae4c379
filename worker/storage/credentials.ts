/**
 * The credentials that open a store for its merchant (migration 0018): the store's own API key, its
 * scoped keys, and dashboard sessions with their role. Each is found by its SHA-256 in one statement
 * that also reads the store, so the comparison happens inside an index and a request costs one read.
 */
import type { Role, Scope } from "../../contract/vocabularies.ts";
import type { Store } from "../domain/records.ts";
import { prepare, sql, type Statement } from "./statement.ts";
import { STORE_COLUMNS, storeFromRow, type StoreRow } from "./stores.ts";

/** What an API key opens: its store, and the scoped key (null: the store's own key, every scope). */
export interface FoundApiKey {
  store: Store;
  key: { id: string; name: string; scopes: Scope[]; lastUsedAt: string | null; viaStoreKey: boolean } | null;
  /** When the store's own key was last recorded used (null for a scoped key: see `key`). */
  storeKeyLastUsedAt: string | null;
}

type KeyRow = StoreRow & {
  key_id: string | null;
  key_name: string | null;
  key_scopes: string | null;
  key_last_used_at: string | null;
  key_via_store_key: number | null;
};

/** The store's own key or a live scoped key, by its hash; null when neither (a revoked key included). */
export async function findApiKey(db: D1Database, keyHash: string): Promise<FoundApiKey | null> {
  const row = await db
    .prepare(
      `SELECT ${STORE_COLUMNS}, NULL AS key_id, NULL AS key_name, NULL AS key_scopes, s.api_key_last_used_at AS key_last_used_at,
         NULL AS key_via_store_key
       FROM stores s WHERE s.api_key_hash = ?1
       UNION ALL
       SELECT ${STORE_COLUMNS}, k.id, k.name, k.scopes, k.last_used_at, k.via_store_key
       FROM api_keys k JOIN stores s ON s.id = k.store_id WHERE k.key_hash = ?1 AND k.revoked_at IS NULL
       LIMIT 1`,
    )
    .bind(keyHash)
    .first<KeyRow>();
  if (!row) return null;
  const store = storeFromRow(row);
  if (row.key_id === null) return { store, key: null, storeKeyLastUsedAt: row.key_last_used_at };
  return {
    store,
    key: {
      id: row.key_id,
      name: row.key_name ?? "",
      scopes: JSON.parse(row.key_scopes ?? "[]") as Scope[],
      lastUsedAt: row.key_last_used_at,
      viaStoreKey: row.key_via_store_key === 1,
    },
    storeKeyLastUsedAt: null,
  };
}

export interface FoundSession {
  store: Store;
  role: Role;
  person: string | null;
  expiresAt: string;
  viaStoreKey: boolean;
}

/** A live dashboard session, by its token's hash, with its store and role. */
export async function findSession(db: D1Database, tokenHash: string, now: string): Promise<FoundSession | null> {
  const row = await db
    .prepare(
      `SELECT ${STORE_COLUMNS}, a.role AS session_role, a.person AS session_person, a.expires_at AS session_expires_at,
         a.via_store_key AS session_via_store_key
       FROM admin_sessions a JOIN stores s ON s.id = a.store_id WHERE a.token_hash = ? AND a.expires_at > ?`,
    )
    .bind(tokenHash, now)
    .first<StoreRow & { session_role: Role; session_person: string | null; session_expires_at: string; session_via_store_key: number }>();
  return row
    ? {
        store: storeFromRow(row),
        role: row.session_role,
        person: row.session_person,
        expiresAt: row.session_expires_at,
        viaStoreKey: row.session_via_store_key === 1,
      }
    : null;
}

/**
 * Records that a key was used at `now`, unless that was already recorded less than `staleBefore` ago
 * (another request got there first): the store's own key (`keyId` null) or a scoped one.
 */
export function keyUsedStatement(storeId: string, keyId: string | null, now: string, staleBefore: string): Statement {
  return keyId === null
    ? sql(
        `UPDATE stores SET api_key_last_used_at = ? WHERE id = ? AND (api_key_last_used_at IS NULL OR api_key_last_used_at < ?)`,
        now,
        storeId,
        staleBefore,
      )
    : sql(
        `UPDATE api_keys SET last_used_at = ? WHERE store_id = ? AND id = ? AND (last_used_at IS NULL OR last_used_at < ?)`,
        now,
        storeId,
        keyId,
        staleBefore,
      );
}

export async function recordKeyUse(db: D1Database, statement: Statement): Promise<void> {
  await prepare(db, statement).run();
}
