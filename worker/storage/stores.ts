import {
  analyticsSettings,
  branding,
  feedbackTiming,
  customMessages,
  returnPolicy,
  shippingPromise,
  supportContacts,
  type StoreSettings,
} from "../schemas/store.ts";
import { offerRules } from "../schemas/offers.ts";
import type { Store } from "../domain/records.ts";
import { revokeKeysViaStoreKeyStatements } from "./api-keys.ts";
import { sql, type Statement } from "./statement.ts";
import { RAISE } from "./view-versions.ts";
import { orderedOrigins, type StoredOrigin } from "./store-origins.ts";

export interface StoreRow {
  id: string;
  name: string;
  branding: string;
  support: string;
  return_policy: string;
  shipping: string;
  feedback: string;
  messages: string;
  offer_rules: string;
  default_locale: string;
  locales: string;
  status_page_url: string | null;
  analytics: string;
  origins: string | null;
}

// Origins come along as a JSON array so one query answers everything a request needs about its store;
// each with its place in the merchant's list and its rowid (insertion order), since an aggregate's
// order is not guaranteed.
export const STORE_COLUMNS = `
  s.id, s.name, s.branding, s.support, s.return_policy, s.shipping, s.feedback, s.messages, s.offer_rules, s.default_locale, s.locales,
  s.status_page_url, s.analytics,
  (SELECT json_group_array(json_array(o.origin, o.position, o.rowid)) FROM store_origins o WHERE o.store_id = s.id) AS origins`;

export const SELECT_STORE = `SELECT ${STORE_COLUMNS} FROM stores s`;

export function storeFromRow(row: StoreRow): Store {
  // Parsing through the schemas fills defaults added after a store was created.
  return {
    id: row.id,
    name: row.name,
    branding: branding.parse(JSON.parse(row.branding)),
    support: supportContacts.parse(JSON.parse(row.support)),
    returnPolicy: returnPolicy.parse(JSON.parse(row.return_policy)),
    shipping: shippingPromise.parse(JSON.parse(row.shipping)),
    feedback: feedbackTiming.parse(JSON.parse(row.feedback)),
    messages: customMessages.parse(JSON.parse(row.messages)),
    offerRules: offerRules.parse(JSON.parse(row.offer_rules)),
    defaultLocale: row.default_locale,
    locales: JSON.parse(row.locales) as string[],
    statusPageUrl: row.status_page_url ?? undefined,
    analytics: analyticsSettings.parse(JSON.parse(row.analytics)),
    ...originsOf(row.origins),
  };
}

export function originsOf(json: string | null): { origins: string[]; primaryOrigin: string } {
  const stored = (JSON.parse(json ?? "[]") as [string, number | null, number][]).map(
    ([origin, position, inserted]): StoredOrigin => ({ origin, position, inserted }),
  );
  const { origins, primary } = orderedOrigins(stored);
  return { origins, primaryOrigin: primary ?? "" };
}

export async function getStore(db: D1Database, id: string): Promise<Store | null> {
  const row = await db.prepare(`${SELECT_STORE} WHERE s.id = ?`).bind(id).first<StoreRow>();
  return row ? storeFromRow(row) : null;
}

export async function getStoreByApiKeyHash(db: D1Database, apiKeyHash: string): Promise<Store | null> {
  const row = await db.prepare(`${SELECT_STORE} WHERE s.api_key_hash = ?`).bind(apiKeyHash).first<StoreRow>();
  return row ? storeFromRow(row) : null;
}

/** Statements that create a store; fails on the primary key if the id is taken. */
export function createStoreStatements(
  id: string,
  settings: StoreSettings,
  credentials: { apiKeyHash: string; sealedWebhookSecrets: string },
  now: string,
): Statement[] {
  return [
    sql(
      `INSERT INTO stores (id, name, branding, support, return_policy, shipping, feedback, messages, default_locale, locales,
         status_page_url, api_key_hash, webhook_secrets, created_at, updated_at, analytics)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      id,
      settings.name,
      JSON.stringify(settings.branding),
      JSON.stringify(settings.support),
      JSON.stringify(settings.returnPolicy),
      JSON.stringify(settings.shipping),
      JSON.stringify(settings.feedback),
      JSON.stringify(settings.messages),
      settings.defaultLocale,
      JSON.stringify(settings.locales),
      settings.statusPageUrl ?? null,
      credentials.apiKeyHash,
      credentials.sealedWebhookSecrets,
      now,
      now,
      JSON.stringify(settings.analytics),
    ),
    ...originStatements(id, settings.origins),
  ];
}

/**
 * Statements that replace a store's settings (not its credentials). Every order's view shows them: the
 * store's view version rises (view-versions.ts), in the ETag of each of its orders.
 */
export function updateStoreStatements(id: string, settings: StoreSettings, now: string): Statement[] {
  return [
    sql(
      `UPDATE stores SET name = ?, branding = ?, support = ?, return_policy = ?, shipping = ?, feedback = ?, messages = ?,
         default_locale = ?, locales = ?, status_page_url = ?, analytics = ?, updated_at = ?, ${RAISE} WHERE id = ?`,
      settings.name,
      JSON.stringify(settings.branding),
      JSON.stringify(settings.support),
      JSON.stringify(settings.returnPolicy),
      JSON.stringify(settings.shipping),
      JSON.stringify(settings.feedback),
      JSON.stringify(settings.messages),
      settings.defaultLocale,
      JSON.stringify(settings.locales),
      settings.statusPageUrl ?? null,
      JSON.stringify(settings.analytics),
      now,
      id,
    ),
    sql(`DELETE FROM store_origins WHERE store_id = ?`, id),
    ...originStatements(id, settings.origins),
  ];
}

/**
 * A new API key, and every dashboard session and unused login link of the store ended with the old
 * one: rotating is what a merchant does after a leak, and a session opened by whoever held the leaked
 * key must not outlive it. Nor must a scoped key made with it, or by what it made (migration 0018).
 */
export function rotateApiKeyStatements(id: string, apiKeyHash: string, now: string): Statement[] {
  return [
    sql(`UPDATE stores SET api_key_hash = ?, api_key_last_used_at = NULL, updated_at = ? WHERE id = ?`, apiKeyHash, now, id),
    sql(`DELETE FROM admin_sessions WHERE store_id = ?`, id),
    sql(`DELETE FROM admin_logins WHERE store_id = ? AND used_at IS NULL`, id),
    ...revokeKeysViaStoreKeyStatements(id, now),
  ];
}

/** The origins with their place in the list as given: the first is the store's primary origin. */
function originStatements(id: string, origins: string[]): Statement[] {
  return [...new Set(origins)].map((origin, position) =>
    sql(`INSERT INTO store_origins (store_id, origin, position) VALUES (?, ?, ?)`, id, origin, position),
  );
}

/**
 * A store and its sealed (encrypted) webhook secrets in one read: a carrier webhook is verified with
 * the secrets and then refreshes the store's schedules. Null when there is no such store.
 */
export async function getStoreWithWebhookSecrets(
  db: D1Database,
  id: string,
): Promise<{ store: Store; sealedWebhookSecrets: string } | null> {
  const row = await db
    .prepare(`SELECT ${STORE_COLUMNS}, s.webhook_secrets FROM stores s WHERE s.id = ?`)
    .bind(id)
    .first<StoreRow & { webhook_secrets: string }>();
  return row ? { store: storeFromRow(row), sealedWebhookSecrets: row.webhook_secrets } : null;
}

export function setWebhookSecretsStatement(id: string, sealedWebhookSecrets: string, now: string): Statement {
  return sql(`UPDATE stores SET webhook_secrets = ?, updated_at = ? WHERE id = ?`, sealedWebhookSecrets, now, id);
}
