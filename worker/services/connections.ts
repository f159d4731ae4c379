/**
 * Linking a store to an outside system: validated, credentials sealed, stored; listing what is linked
 * without the credentials; testing one with a call to the provider; removing one. Changes made through
 * the admin API are audited (never a credential). The operator CLI connects through
 * scripts/lib/connect-store.ts with the same statements.
 */
import type { AuditActor, ConnectionTestResult, ConnectionView } from "../../contract/self-service.ts";
import { openJson, sealJson } from "../crypto/secret-box.ts";
import { probeRequest, probeVerdict } from "../domain/connection-test.ts";
import { connectionAnswer, KIND_OF, type Provider } from "../domain/connections.ts";
import { connectionSecrets, connectionSettings, type ConnectionInput } from "../schemas/connections.ts";
import { auditStatement } from "../storage/audit.ts";
import { applyChanges } from "../storage/changes.ts";
import {
  connectionWriteStatements,
  deleteConnectionStatement,
  getConnection,
  listConnections,
  noteConnectionTrafficStatement,
} from "../storage/connections.ts";

const PROBE_TIMEOUT_MS = 10_000;

export async function connect(env: Env, storeId: string, input: ConnectionInput, workerOrigin: string, actor: AuditActor) {
  const sealed = await sealJson(env.DOORSTEP_SECRET_KEY, connectionSecrets(input));
  const now = new Date().toISOString();
  const before = await getConnection(env.DB, storeId, input.platform);
  const settings = connectionSettings(input);
  // An aggregator (re)connected tracks the store's recent parcels too, and retries those it refused.
  const requeue = KIND_OF[input.platform] === "aggregator";
  await applyChanges(env.DB, [
    ...connectionWriteStatements(storeId, input.platform, KIND_OF[input.platform], settings, sealed, now, requeue),
    auditStatement(
      storeId,
      actor,
      {
        action: "connection.connected",
        target: input.platform,
        before: before && { settings: before.settings, secretSetAt: before.secretSetAt },
        after: { settings, secretSetAt: now },
      },
      now,
    ),
  ]);
  return connectionAnswer(workerOrigin, storeId, input.platform);
}

/** Removes a connection and its sealed credentials; false when there was none. */
export async function disconnect(env: Env, storeId: string, provider: Provider, actor: AuditActor): Promise<boolean> {
  const before = await getConnection(env.DB, storeId, provider);
  if (!before) return false;
  const now = new Date().toISOString();
  const [removed] = await applyChanges(env.DB, [
    deleteConnectionStatement(storeId, provider),
    auditStatement(
      storeId,
      actor,
      {
        action: "connection.removed",
        target: provider,
        before: { settings: before.settings, secretSetAt: before.secretSetAt },
        after: null,
      },
      now,
    ),
  ]);
  return (removed?.meta.changes ?? 0) > 0;
}

/**
 * What a connection holds now, settings and credentials together, for a `PUT` with `keep: true`: what
 * it does not give is kept (rotating one secret leaves the others). Never answered; empty without one.
 */
export async function currentConnectionFields(env: Env, storeId: string, provider: Provider): Promise<Record<string, string>> {
  const row = await getConnection(env.DB, storeId, provider);
  if (!row) return {};
  return { ...row.settings, ...(await openJson<Record<string, string>>(env.DOORSTEP_SECRET_KEY, row.secretsSealed)) };
}

/** The names of the credentials a connection holds (`secret`, `token`…), never their values. */
async function credentialNames(env: Env, sealed: string): Promise<string[]> {
  try {
    return Object.keys(await openJson<Record<string, string>>(env.DOORSTEP_SECRET_KEY, sealed)).sort();
  } catch {
    // Sealed under a key this worker no longer has: the list still shows the connection.
    return [];
  }
}

/** Every connection of the store as the dashboard shows it: status and traffic, never a credential. */
export async function describeConnections(env: Env, storeId: string, workerOrigin: string): Promise<ConnectionView[]> {
  const rows = await listConnections(env.DB, storeId);
  const names = await Promise.all(rows.map((row) => credentialNames(env, row.secretsSealed)));
  return rows.map((row, i) => ({
    ...connectionAnswer(workerOrigin, storeId, row.provider as Provider),
    platform: row.provider as Provider,
    settings: row.settings,
    status: row.status,
    lastInAt: row.lastInAt,
    lastOutAt: row.lastOutAt,
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt,
    secretSetAt: row.secretSetAt,
    credentials: names[i] ?? [],
    updatedAt: row.updatedAt,
  }));
}

/**
 * One read-only call to the provider with the stored credentials (domain/connection-test.ts), its
 * outcome noted on the connection like any call (last out, or last error); null without a connection.
 */
export async function testConnection(
  env: Env,
  storeId: string,
  provider: Provider,
  now = new Date(),
): Promise<ConnectionTestResult | null> {
  const row = await getConnection(env.DB, storeId, provider);
  if (!row) return null;
  const at = now.toISOString();
  const secrets = await openJson<{ apiKey?: string }>(env.DOORSTEP_SECRET_KEY, row.secretsSealed);
  const request = probeRequest(
    provider,
    { easypost: env.EASYPOST_API_URL, aftership: env.AFTERSHIP_API_URL, klaviyo: env.KLAVIYO_API_URL },
    secrets,
  );
  if (!request) {
    return {
      provider,
      tested: false,
      ok: null,
      status: null,
      durationMs: null,
      message: row.lastInAt
        ? `${provider} sends to Doorstep; its last delivery came in at ${row.lastInAt}.`
        : `${provider} sends to Doorstep; nothing has come in yet. Check the webhook URL and topics in ${provider}.`,
      at,
      lastInAt: row.lastInAt,
    };
  }
  const started = Date.now();
  let status: number | null = null;
  let body: string;
  try {
    const res = await fetch(request.url, { headers: request.headers, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    status = res.status;
    body = await res.text();
  } catch (error) {
    body = error instanceof Error ? error.message : String(error);
  }
  const durationMs = Date.now() - started;
  const verdict = probeVerdict(status, body);
  await applyChanges(env.DB, [
    noteConnectionTrafficStatement(storeId, provider, "out", at, verdict.ok ? undefined : `connection.test: ${verdict.message}`),
  ]);
  return { provider, tested: true, ok: verdict.ok, status, durationMs, message: verdict.message, at, lastInAt: row.lastInAt };
}

/** A live connection's settings and opened credentials, for the code that talks to the provider. */
export async function openConnection<S extends Record<string, string>>(env: Env, storeId: string, provider: Provider) {
  const row = await getConnection(env.DB, storeId, provider);
  if (!row || row.status !== "active") return null;
  const secrets = await openJson<S>(env.DOORSTEP_SECRET_KEY, row.secretsSealed);
  return { settings: row.settings, secrets };
}
