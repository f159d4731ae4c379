/**
 * `store:connect`: links a store to its platform, aggregator or message destination, with the same
 * validation, sealing and statement as `PUT /v1/admin/connections/{provider}` (worker/routes/connections.ts).
 */
import { sealJson } from "../../worker/crypto/secret-box.ts";
import { connectionAnswer, KIND_OF } from "../../worker/domain/connections.ts";
import { connectionInput, connectionSecrets, connectionSettings } from "../../worker/schemas/connections.ts";
import { issueDetails } from "../../worker/schemas/issues.ts";
import { connectionWriteStatements } from "../../worker/storage/connections.ts";
import { toSqlScript } from "../../worker/storage/statement.ts";
import { OperatorError, storeTarget } from "./store-admin.ts";
import { d1Execute, type D1Target } from "./wrangler.ts";

export async function connectStore(
  id: string,
  input: Record<string, unknown>,
  secretKey: string,
  anyShard: D1Target,
  workerOrigin: string,
) {
  const parsed = connectionInput.safeParse(input);
  if (!parsed.success) {
    const lines = issueDetails(parsed.error.issues).map((d) => `  ${d.path || "(connection)"}: ${d.message}`);
    throw new OperatorError(`invalid connection:\n${lines.join("\n")}`);
  }
  // The store's shard (the directory says which), where its connections are kept.
  const target = await storeTarget(id, anyShard);
  const connection = parsed.data;
  const sealed = await sealJson(secretKey, connectionSecrets(connection));
  const kind = KIND_OF[connection.platform];
  // An aggregator (re)connected also queues the store's recent parcels for it (as the admin API does).
  const statements = connectionWriteStatements(
    id,
    connection.platform,
    kind,
    connectionSettings(connection),
    sealed,
    new Date().toISOString(),
    kind === "aggregator",
  );
  await d1Execute(toSqlScript(statements), target);
  return connectionAnswer(workerOrigin, id, connection.platform);
}
