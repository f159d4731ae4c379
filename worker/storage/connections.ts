/** A store's links to outside systems (migration 0011): settings in the clear, credentials sealed. */
import { requeueForConnectionStatements } from "./parcel-registrations.ts";
import { sql, type Statement } from "./statement.ts";

export interface ConnectionRow {
  provider: string;
  kind: string;
  settings: Record<string, string>;
  secretsSealed: string;
  status: "active" | "paused" | "disconnected";
  lastInAt: string | null;
  lastOutAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  /** When the credentials were last sealed (every connect: typing a new one rotates it). */
  secretSetAt: string;
  updatedAt: string;
}

/** Creates or replaces a store's connection to one provider (reconnecting clears its last error). */
export function upsertConnectionStatement(
  storeId: string,
  provider: string,
  kind: string,
  settings: Record<string, string>,
  secretsSealed: string,
  now: string,
): Statement {
  return sql(
    `INSERT INTO store_connections (store_id, provider, kind, settings, secrets_sealed, status, created_at, updated_at, secrets_set_at)
     VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?)
     ON CONFLICT (store_id, provider) DO UPDATE SET
       kind = excluded.kind, settings = excluded.settings, secrets_sealed = excluded.secrets_sealed,
       status = 'active', last_error = NULL, last_error_at = NULL, updated_at = excluded.updated_at,
       secrets_set_at = excluded.secrets_set_at`,
    storeId,
    provider,
    kind,
    JSON.stringify(settings),
    secretsSealed,
    now,
    now,
    now,
  );
}

export function deleteConnectionStatement(storeId: string, provider: string): Statement {
  return sql(`DELETE FROM store_connections WHERE store_id = ? AND provider = ?`, storeId, provider);
}

/** Something arrived from the provider (`in`) or was sent to it (`out`); an error is kept with its time. */
export function noteConnectionTrafficStatement(
  storeId: string,
  provider: string,
  direction: "in" | "out",
  at: string,
  error?: string,
): Statement {
  const column = direction === "in" ? "last_in_at" : "last_out_at";
  return error === undefined
    ? sql(`UPDATE store_connections SET ${column} = ? WHERE store_id = ? AND provider = ?`, at, storeId, provider)
    : sql(
        `UPDATE store_connections SET last_error = ?, last_error_at = ? WHERE store_id = ? AND provider = ?`,
        error.slice(0, 500),
        at,
        storeId,
        provider,
      );
}

interface Raw {
  provider: string;
  kind: string;
  settings: string;
  secrets_sealed: string;
  status: ConnectionRow["status"];
  last_in_at: string | null;
  last_out_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  secrets_set_at: string | null;
  updated_at: string;
}

const fromRaw = (r: Raw): ConnectionRow => ({
  provider: r.provider,
  kind: r.kind,
  settings: JSON.parse(r.settings) as Record<string, string>,
  secretsSealed: r.secrets_sealed,
  status: r.status,
  lastInAt: r.last_in_at,
  lastOutAt: r.last_out_at,
  lastError: r.last_error,
  lastErrorAt: r.last_error_at,
  secretSetAt: r.secrets_set_at ?? r.updated_at,
  updatedAt: r.updated_at,
});

const COLUMNS = `provider, kind, settings, secrets_sealed, status, last_in_at, last_out_at, last_error, last_error_at, secrets_set_at, updated_at`;

export async function getConnection(db: D1Database, storeId: string, provider: string): Promise<ConnectionRow | null> {
  const row = await db
    .prepare(`SELECT ${COLUMNS} FROM store_connections WHERE store_id = ? AND provider = ?`)
    .bind(storeId, provider)
    .first<Raw>();
  return row ? fromRaw(row) : null;
}

export async function listConnections(db: D1Database, storeId: string): Promise<ConnectionRow[]> {
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM store_connections WHERE store_id = ? ORDER BY kind, provider`)
    .bind(storeId)
    .all<Raw>();
  return results.map(fromRaw);
}

/**
 * The writes of connecting, for the worker and the operator CLI alike: the connection, and for an
 * aggregator (`requeue`) the store's recent parcels queued for it, those it refused retried.
 */
export function connectionWriteStatements(
  storeId: string,
  provider: string,
  kind: string,
  settings: Record<string, string>,
  secretsSealed: string,
  now: string,
  requeue: boolean,
): Statement[] {
  return [
    upsertConnectionStatement(storeId, provider, kind, settings, secretsSealed, now),
    ...(requeue ? requeueForConnectionStatements(storeId, provider, now) : []),
  ];
}

/** The provider said it is gone (Shopify's app/uninstalled), or the merchant paused it. */
export function setConnectionStatusStatement(storeId: string, provider: string, status: ConnectionRow["status"], now: string): Statement {
  return sql(`UPDATE store_connections SET status = ?, updated_at = ? WHERE store_id = ? AND provider = ?`, status, now, storeId, provider);
}

/** Remembers one non-secret fact the provider told us (a shop's currency, from its orders). */
export function setConnectionSettingStatement(storeId: string, provider: string, key: string, value: string): Statement {
  return sql(
    `UPDATE store_connections SET settings = json_set(settings, ?, ?) WHERE store_id = ? AND provider = ? AND json_extract(settings, ?) IS NOT ?`,
    `$.${key}`,
    value,
    storeId,
    provider,
    `$.${key}`,
    value,
  );
}
