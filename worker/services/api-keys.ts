/**
 * A store's API keys (issue 26): the store's own key (every scope, replaced only by the operator's
 * store:rotate-key) and the scoped keys its merchant makes and revokes. A key is answered once, when
 * made; only its hash is kept. No credential makes a key wider than itself.
 */
import type { ApiKeyCreated, ApiKeyView, AuditActor } from "../../contract/self-service.ts";
import { SCOPES, type Scope } from "../../contract/vocabularies.ts";
import { sha256Hex } from "../crypto/hash.ts";
import { newApiKey, randomToken } from "../crypto/random.ts";
import type { Shard } from "../domain/shards.ts";
import { missingScope, normalScopes, STORE_KEY_ID, STORE_KEY_NAME } from "../domain/access.ts";
import { countApiKeys, createApiKeyStatement, getApiKey, listApiKeys, revokeApiKeyStatement } from "../storage/api-keys.ts";
import { auditStatement } from "../storage/audit.ts";
import { applyChanges } from "../storage/changes.ts";

/** Live scoped keys a store may have. */
export const MAX_KEYS = 50;

/** The store's own key first, then its scoped keys, oldest first. */
export async function describeKeys(db: D1Database, storeId: string): Promise<ApiKeyView[]> {
  const { keys, storeKeyLastUsedAt } = await listApiKeys(db, storeId);
  return [
    {
      id: STORE_KEY_ID,
      name: STORE_KEY_NAME,
      kind: "store",
      scopes: [...SCOPES],
      hint: null,
      createdAt: null,
      lastUsedAt: storeKeyLastUsedAt,
    },
    ...keys.map((key): ApiKeyView => ({ ...key, kind: "scoped", scopes: normalScopes(key.scopes) })),
  ];
}

/** A scoped key, carrying the store's shard (the one `db` is) like the store's own key. */
export async function createKey(
  db: D1Database,
  shard: Shard,
  storeId: string,
  caller: { scopes: readonly Scope[]; actor: AuditActor; viaStoreKey: boolean },
  input: { name: string; scopes: readonly Scope[] },
  now: string,
): Promise<{ kind: "created"; key: ApiKeyCreated } | { kind: "wider"; scope: Scope } | { kind: "too_many" }> {
  const wider = missingScope(caller.scopes, input.scopes);
  if (wider) return { kind: "wider", scope: wider };
  if ((await countApiKeys(db, storeId)) >= MAX_KEYS) return { kind: "too_many" };
  const key = newApiKey(shard);
  const view = {
    id: `ak_${randomToken(9)}`,
    name: input.name,
    kind: "scoped" as const,
    scopes: normalScopes(input.scopes),
    hint: key.slice(-4),
    createdAt: now,
    lastUsedAt: null,
  } satisfies ApiKeyView;
  await applyChanges(db, [
    createApiKeyStatement(storeId, { ...view, keyHash: await sha256Hex(key), viaStoreKey: caller.viaStoreKey }, now),
    auditStatement(storeId, caller.actor, { action: "key.created", target: view.id, before: null, after: auditView(view) }, now),
  ]);
  return { kind: "created", key: { ...view, key } };
}

/** Revokes a scoped key at once: the lookup of every later request skips it. */
export async function revokeKey(
  db: D1Database,
  storeId: string,
  actor: AuditActor,
  id: string,
  now: string,
): Promise<"revoked" | "not_found" | "store_key"> {
  if (id === STORE_KEY_ID) return "store_key";
  const key = await getApiKey(db, storeId, id);
  if (!key) return "not_found";
  await applyChanges(db, [
    revokeApiKeyStatement(storeId, id, now),
    auditStatement(storeId, actor, { action: "key.revoked", target: id, before: auditView(key), after: null }, now),
  ]);
  return "revoked";
}

/** What the audit log keeps of a key: its name, scopes and hint, never the key. */
const auditView = (key: { name: string; scopes: readonly Scope[]; hint: string }) => ({
  name: key.name,
  scopes: normalScopes(key.scopes),
  hint: key.hint,
});
