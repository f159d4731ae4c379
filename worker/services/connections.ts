/**
 * Linking a store to an outside system: validated, credentials sealed, stored; and listing what is
 * linked without the credentials. The operator CLI does the same through scripts/lib/connect-store.ts.
 */
import { openJson, sealJson } from "../crypto/secret-box.ts";
import { connectionAnswer, KIND_OF, type Provider } from "../domain/connections.ts";
import { connectionSecrets, connectionSettings, type ConnectionInput } from "../schemas/connections.ts";
import { getConnection, listConnections, removeConnection, saveConnection } from "../storage/connections.ts";

export async function connect(env: Env, storeId: string, input: ConnectionInput, workerOrigin: string) {
  const sealed = await sealJson(env.DOORSTEP_SECRET_KEY, connectionSecrets(input));
  // An aggregator (re)connected tracks the store's recent parcels too, and retries those it refused.
  const requeue = KIND_OF[input.platform] === "aggregator";
  await saveConnection(
    env.DB,
    storeId,
    input.platform,
    KIND_OF[input.platform],
    connectionSettings(input),
    sealed,
    new Date().toISOString(),
    requeue,
  );
  return connectionAnswer(workerOrigin, storeId, input.platform);
}

export async function disconnect(env: Env, storeId: string, provider: Provider): Promise<boolean> {
  return removeConnection(env.DB, storeId, provider);
}

/** Every connection of the store as the dashboard shows it: status and traffic, never a credential. */
export async function describeConnections(env: Env, storeId: string, workerOrigin: string) {
  const rows = await listConnections(env.DB, storeId);
  return rows.map((row) => ({
    ...connectionAnswer(workerOrigin, storeId, row.provider as Provider),
    settings: row.settings,
    status: row.status,
    lastInAt: row.lastInAt,
    lastOutAt: row.lastOutAt,
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt,
    updatedAt: row.updatedAt,
  }));
}

/** A live connection's settings and opened credentials, for the code that talks to the provider. */
export async function openConnection<S extends Record<string, string>>(env: Env, storeId: string, provider: Provider) {
  const row = await getConnection(env.DB, storeId, provider);
  if (!row || row.status !== "active") return null;
  const secrets = await openJson<S>(env.DOORSTEP_SECRET_KEY, row.secretsSealed);
  return { settings: row.settings, secrets };
}
