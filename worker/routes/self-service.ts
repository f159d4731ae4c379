/**
 * The merchant runs their store (issue 26): who the credential is, sign-in links for colleagues, the
 * store's settings, the audit log and API keys. Each route's scope is checked before it runs
 * (http/declared.ts, from its declaration); these parse and answer, services/ write with the audit log.
 */
import type { Context } from "hono";
import type { SessionInfo } from "../../contract/self-service.ts";
import { readableBranding } from "../domain/contrast.ts";
import { missingScope, ROLE_SCOPES, scopeRefusal } from "../domain/access.ts";
import { mergeSettings, settingsOf } from "../domain/settings.ts";
import type { AppEnv } from "../http/app-env.ts";
import { readBody, readQuery, type Route } from "../http/declared.ts";
import { ApiError, notFound } from "../http/errors.ts";
import { validate } from "../http/read-json.ts";
import { declaration } from "../openapi/operations.ts";
import { storeSettings } from "../schemas/store.ts";
import { createKey, describeKeys, MAX_KEYS, revokeKey } from "../services/api-keys.ts";
import { createLoginLink } from "../services/login-links.ts";
import { applySettings } from "../services/settings.ts";
import { shardOf } from "../services/shards.ts";
import { listAudit } from "../storage/audit.ts";

const privateAnswer = (c: Context<AppEnv>) => c.header("Cache-Control", "private, no-store");

/** Who is asking and what they may do: the dashboard hides what the scopes do not allow (the server refuses it anyway). */
function sessionInfo(c: Context<AppEnv>) {
  const access = c.get("access");
  const store = c.get("store");
  const info: SessionInfo = {
    storeId: store.id,
    storeName: store.name,
    credential: access.credential,
    role: access.session?.role ?? null,
    person: access.session?.person ?? null,
    key: access.key && { id: access.key.id, name: access.key.name },
    scopes: [...access.scopes],
    expiresAt: access.session?.expiresAt ?? null,
  };
  privateAnswer(c);
  return c.json(info);
}

/** A sign-in link for a colleague: never for a role that could do more than the credential making it. */
async function loginLink(c: Context<AppEnv>) {
  const { role, person } = await readBody(c, declaration("createLoginLink"));
  const access = c.get("access");
  const wider = missingScope(access.scopes, ROLE_SCOPES[role]);
  if (wider) throw new ApiError(403, "insufficient_scope", `${scopeRefusal(access, wider)} A ${role} could.`, { scope: wider });
  // A link made by what descends from the store's key is marked so, and the session it opens, and the
  // keys that session makes: rotating the store's key after a leak ends them all.
  const who = { role, person: person ?? null, viaStoreKey: access.viaStoreKey };
  const link = await createLoginLink(c.env.DB, shardOf(c.env), c.get("store").id, access.actor, c.req.url, who, new Date());
  c.header("Cache-Control", "no-store");
  return c.json(link, 201);
}

function getSettings(c: Context<AppEnv>) {
  const store = c.get("store");
  privateAnswer(c);
  return c.json({ storeId: store.id, settings: settingsOf(store), brandingAdjusted: readableBranding(store.branding).adjustments });
}

/**
 * A JSON merge of the top-level sections over the settings as they are, then the whole validated with
 * the settings schema `store:update` validates its file with: the same refusals, by the same paths.
 */
async function updateSettings(c: Context<AppEnv>) {
  const patch = await readBody(c, declaration("updateSettings"));
  const store = c.get("store");
  const next = validate(storeSettings, mergeSettings(settingsOf(store), patch));
  const changes = await applySettings(c.env.DB, store, c.get("access").actor, next, new Date().toISOString());
  privateAnswer(c);
  return c.json({
    storeId: store.id,
    settings: next,
    brandingAdjusted: readableBranding(next.branding).adjustments,
    changed: changes.map((change) => change.section),
  });
}

async function audit(c: Context<AppEnv>) {
  const page = readQuery(c, declaration("listAudit"));
  privateAnswer(c);
  return c.json(await listAudit(c.env.DB, c.get("store").id, page));
}

async function listKeys(c: Context<AppEnv>) {
  privateAnswer(c);
  return c.json({ keys: await describeKeys(c.env.DB, c.get("store").id) });
}

async function createApiKey(c: Context<AppEnv>) {
  const input = await readBody(c, declaration("createApiKey"));
  const access = c.get("access");
  const made = await createKey(c.env.DB, shardOf(c.env), c.get("store").id, access, input, new Date().toISOString());
  if (made.kind === "wider") {
    throw new ApiError(403, "insufficient_scope", `${scopeRefusal(access, made.scope)} No key can hold more than its maker.`, {
      scope: made.scope,
    });
  }
  if (made.kind === "too_many") throw new ApiError(409, "too_many_keys", `This store has ${MAX_KEYS} keys; revoke one first.`);
  c.header("Cache-Control", "no-store");
  return c.json(made.key, 201);
}

async function revokeApiKey(c: Context<AppEnv>) {
  const outcome = await revokeKey(c.env.DB, c.get("store").id, c.get("access").actor, c.req.param("keyId") ?? "", new Date().toISOString());
  if (outcome === "store_key") {
    throw new ApiError(409, "store_key_not_revocable", "The store's own key is replaced by the operator (store:rotate-key), not revoked.");
  }
  if (outcome === "not_found") throw notFound("key_not_found", "There is no live key by this id in this store.");
  return c.body(null, 204);
}

export const selfServiceRoutes: Route[] = [
  ["getSessionInfo", sessionInfo],
  ["createLoginLink", loginLink],
  ["getSettings", getSettings],
  ["updateSettings", updateSettings],
  ["listAudit", audit],
  ["listApiKeys", listKeys],
  ["createApiKey", createApiKey],
  ["revokeApiKey", revokeApiKey],
];
