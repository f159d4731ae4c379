/**
 * Operator actions on stores, through `wrangler d1 execute` against local or production D1. They reuse
 * the worker's own storage statements and crypto, so the CLI cannot drift from what the worker reads.
 */
import { sha256Hex } from "../../worker/crypto/hash.ts";
import { issueDetails } from "../../worker/schemas/issues.ts";
import { newApiKey, newWebhookSecret } from "../../worker/crypto/random.ts";
import { sealJson } from "../../worker/crypto/secret-box.ts";
import { storeId as storeIdSchema, storeSettings, type StoreSettings } from "../../worker/schemas/store.ts";
import { toSqlScript } from "../../worker/storage/statement.ts";
import {
  createStoreStatements,
  rotateApiKeyStatements,
  setWebhookSecretsStatement,
  updateStoreStatements,
} from "../../worker/storage/stores.ts";
import { OUTBOUND_EVENT_TYPES } from "../../worker/schemas/feedback.ts";
import { addEndpointStatement } from "../../worker/storage/outbound.ts";
import { eraseCustomerStatements } from "../../worker/storage/erasure.ts";
import { OPERATOR_ACTOR } from "../../worker/domain/access.ts";
import { settingsChanges, settingsOf } from "../../worker/domain/settings.ts";
import { endpointAudit, unknownEventTypes } from "../../worker/domain/webhook-endpoints.ts";
import { auditStatement } from "../../worker/storage/audit.ts";
import { SELECT_STORE, storeFromRow, type StoreRow } from "../../worker/storage/stores.ts";
import { newLoginLink } from "../../worker/services/login-links.ts";
import { prepareEndpoint } from "../../worker/services/webhook-endpoints.ts";
import { ROLES, type Role } from "../../contract/vocabularies.ts";
import { d1Execute, type D1Target } from "./wrangler.ts";
import { inShard, placedShard, shardForNewStore, shardOfStore } from "./shards.ts";
import { HOME_SHARD, shardOfBinding, type Shard } from "../../worker/domain/shards.ts";
import { directoryStatement } from "../../worker/storage/store-directory.ts";

export interface StoreCredentials {
  storeId: string;
  apiKey: string;
  webhookSecrets: { easypost: string; aftership: string };
}

export class OperatorError extends Error {}

/**
 * The store's settings from `--config` and flags, validated like the worker validates: a key the
 * settings do not have (a typo) is refused by name rather than dropped (schemas/store.ts).
 */
export function parseSettings(input: unknown): StoreSettings {
  const result = storeSettings.safeParse(input);
  if (result.success) return result.data;
  const lines = issueDetails(result.error.issues).map((d) => `  ${d.path || "(settings)"}: ${d.message}`);
  throw new OperatorError(`invalid store settings:\n${lines.join("\n")}`);
}

/**
 * Top-level settings the input left out: a create or update replaces the whole store's settings, so
 * these are now their defaults (said in the command's answer, so a forgotten section is noticed).
 */
export function defaultedSettings(input: Record<string, unknown>): string[] {
  return Object.keys(storeSettings.shape).filter((key) => input[key] === undefined);
}

function checkId(id: string): string {
  const result = storeIdSchema.safeParse(id);
  if (!result.success) throw new OperatorError(`invalid store id "${id}": ${result.error.issues[0]?.message}`);
  return id;
}

/** Whether the store is in its shard (the directory's, or s0). */
export async function storeExists(id: string, target: D1Target): Promise<boolean> {
  return (await storeIn(id, inShard(target, await shardOfStore(id, target)))) !== null;
}

async function storeIn(id: string, target: D1Target): Promise<string | null> {
  const [rows] = await d1Execute(toSqlScript([{ sql: "SELECT id FROM stores WHERE id = ?", params: [id] }]), target);
  return (rows?.length ?? 0) > 0 ? id : null;
}

/**
 * The target aimed at an existing store's shard (issue 23, many databases: the directory in s0 says
 * which), or an error naming the store that does not exist.
 */
export async function storeTarget(id: string, target: D1Target): Promise<D1Target> {
  checkId(id);
  const at = inShard(target, await shardOfStore(id, target));
  if (!(await storeIn(id, at))) throw new OperatorError(`store "${id}" does not exist`);
  return at;
}

/** The shard a target from `storeTarget` is aimed at. */
const shardOfTarget = (target: D1Target): Shard => shardOfBinding(target.binding ?? "DB") ?? HOME_SHARD;

/**
 * Makes a store in `shard` (`--shard`), or in the open shard holding the fewest stores: its directory
 * row first (in s0), then the store in its shard, with an API key carrying the shard. A create cut
 * off between the two is finished by running it again (the row is kept; the store goes where it says).
 */
export async function createStore(
  id: string,
  settings: StoreSettings,
  secretKey: string,
  target: D1Target,
  options: { shard?: string } = {},
): Promise<StoreCredentials & { shard: Shard }> {
  checkId(id);
  const placed = await placedShard(id, target);
  if (placed && options.shard !== undefined && placed !== options.shard)
    throw new OperatorError(`store "${id}" is placed in shard ${placed}, not ${options.shard}`);
  let shard: Shard;
  try {
    shard = placed ?? (await shardForNewStore(target, options.shard));
  } catch (error) {
    throw new OperatorError((error as Error).message);
  }
  const at = inShard(target, shard);
  if (await storeIn(id, at)) throw new OperatorError(`store "${id}" already exists`);
  const now = new Date().toISOString();
  if (!placed) await d1Execute(toSqlScript([directoryStatement(id, shard, now)]), { ...target, binding: "DB" });
  const apiKey = newApiKey(shard);
  const webhookSecrets = { easypost: newWebhookSecret(), aftership: newWebhookSecret() };
  const statements = createStoreStatements(
    id,
    settings,
    { apiKeyHash: await sha256Hex(apiKey), sealedWebhookSecrets: await sealJson(secretKey, webhookSecrets) },
    now,
  );
  await d1Execute(toSqlScript(statements), at);
  return { storeId: id, shard, apiKey, webhookSecrets };
}

/**
 * Replaces a store's settings, and records each section that changed in the store's audit log (by the
 * operator), as `PATCH /v1/admin/settings` records a merchant's: the same statements and the same diff.
 */
export async function updateStore(id: string, settings: StoreSettings, anyShard: D1Target): Promise<{ changed: string[] }> {
  checkId(id);
  const target = inShard(anyShard, await shardOfStore(id, anyShard));
  const [rows] = await d1Execute(toSqlScript([{ sql: `${SELECT_STORE} WHERE s.id = ?`, params: [id] }]), target);
  const row = rows?.[0] as StoreRow | undefined;
  if (!row) throw new OperatorError(`store "${id}" does not exist`);
  const now = new Date().toISOString();
  const changes = settingsChanges(settingsOf(storeFromRow(row)), settings);
  await d1Execute(
    toSqlScript([
      ...updateStoreStatements(id, settings, now),
      ...changes.map((change) =>
        auditStatement(
          id,
          OPERATOR_ACTOR,
          { action: "settings.updated", target: change.section, before: change.before, after: change.after },
          now,
        ),
      ),
    ]),
    target,
  );
  return { changed: changes.map((change) => change.section) };
}

/** Issues a new API key; the old one stops working at once. */
export async function rotateApiKey(id: string, anyShard: D1Target): Promise<{ storeId: string; apiKey: string }> {
  const target = await storeTarget(id, anyShard);
  const apiKey = newApiKey(shardOfTarget(target));
  await d1Execute(toSqlScript(rotateApiKeyStatements(id, await sha256Hex(apiKey), new Date().toISOString())), target);
  return { storeId: id, apiKey };
}

/** Issues new webhook secrets for both aggregators; paste them into EasyPost's and AfterShip's settings. */
export async function rotateWebhookSecrets(
  id: string,
  secretKey: string,
  anyShard: D1Target,
): Promise<{ storeId: string; webhookSecrets: StoreCredentials["webhookSecrets"] }> {
  const target = await storeTarget(id, anyShard);
  const webhookSecrets = { easypost: newWebhookSecret(), aftership: newWebhookSecret() };
  const sealed = await sealJson(secretKey, webhookSecrets);
  await d1Execute(toSqlScript([setWebhookSecretsStatement(id, sealed, new Date().toISOString())]), target);
  return { storeId: id, webhookSecrets };
}

/**
 * Registers an endpoint for the store's outbound webhooks and answers its signing secret, once. With
 * no events named, it receives all of them. The URL must be https:// to a public host name
 * (worker/domain/webhook-target.ts, the same check the worker makes before every send); `allowLoopback`
 * also accepts this machine's loopback, for a local receiver, and only against local D1.
 */
export async function addWebhookEndpoint(
  id: string,
  url: string,
  events: string[],
  secretKey: string,
  anyShard: D1Target,
  options: { allowLoopback?: boolean } = {},
): Promise<{ storeId: string; endpointId: string; url: string; events: string[]; secret: string }> {
  checkId(id);
  const target = anyShard;
  if (options.allowLoopback && target.remote)
    throw new OperatorError("--allow-loopback is for local runs; production never sends webhooks to its own machine");
  const unknown = unknownEventTypes(events);
  if (unknown.length) throw new OperatorError(`unknown event(s) ${unknown.join(", ")}; known: ${OUTBOUND_EVENT_TYPES.join(", ")}`);
  // The same check, id, secret and sealing as POST /v1/admin/webhooks (worker/services/webhook-endpoints.ts).
  const prepared = await prepareEndpoint(secretKey, { url, events }, { allowLoopback: options.allowLoopback });
  if (!prepared.ok) throw new OperatorError(`--url ${url} ${prepared.reason}`);
  const at = await storeTarget(id, target);
  const { endpoint, secret } = prepared;
  const now = new Date().toISOString();
  await d1Execute(
    toSqlScript([
      addEndpointStatement(id, endpoint, now),
      auditStatement(
        id,
        OPERATOR_ACTOR,
        { action: "webhook.created", target: endpoint.id, before: null, after: endpointAudit({ ...endpoint, pausedAt: null }) },
        now,
      ),
    ]),
    at,
  );
  return { storeId: id, endpointId: endpoint.id, url: endpoint.url, events: endpoint.events, secret };
}

export { LOGIN_LINK_MINUTES } from "../../worker/services/login-links.ts";

/** The role a `--role` names (owner when not given). */
export function parseRole(value: string | undefined): Role {
  if (value === undefined) return "owner";
  if (!(ROLES as readonly string[]).includes(value)) throw new OperatorError(`--role ${value}: must be one of ${ROLES.join(", ")}`);
  return value as Role;
}

/**
 * A one-time link into the dashboard for the store, so nobody pastes the API key into a browser: the
 * dashboard trades the code for a 12-hour session with the link's role (owner: everything; analyst:
 * figures and exports; support: orders, alerts, moments and tokens). The same link as
 * POST /v1/admin/login-links makes (worker/services/login-links.ts), recorded in the audit log too.
 * `origin` is where the worker serves /admin.
 */
export async function createLoginLink(
  id: string,
  origin: string,
  anyShard: D1Target,
  now = new Date(),
  who: { role?: Role; person?: string } = {},
): Promise<{ storeId: string; url: string; role: Role; person: string | null; expiresAt: string }> {
  const target = await storeTarget(id, anyShard);
  const signIn = { role: who.role ?? "owner", person: who.person?.trim() || null };
  // The code carries the store's shard, so signing in with it needs no directory read.
  const { link, statement } = await newLoginLink(shardOfTarget(target), id, origin, signIn, now);
  await d1Execute(
    toSqlScript([
      statement,
      auditStatement(
        id,
        OPERATOR_ACTOR,
        { action: "login_link.created", target: signIn.role, before: null, after: { ...signIn, expiresAt: link.expiresAt } },
        now.toISOString(),
      ),
    ]),
    target,
  );
  return { storeId: id, ...link };
}

/** Erases one customer's personal data (the same statements as DELETE /v1/admin/customers/{id}). */
export async function eraseCustomer(
  id: string,
  customerId: string,
  anyShard: D1Target,
): Promise<{ storeId: string; customerId: string; erased: true }> {
  // In the store's shard: its customer, orders and messages are all there.
  const target = await storeTarget(id, anyShard);
  await d1Execute(toSqlScript(eraseCustomerStatements(id, customerId, new Date().toISOString())), target);
  return { storeId: id, customerId, erased: true };
}
