import type { Context } from "hono";
import { z } from "zod";
import { PROVIDERS } from "../domain/connections.ts";
import type { AppEnv } from "../http/app-env.ts";
import { readQuery, type Route } from "../http/declared.ts";
import { notFound } from "../http/errors.ts";
import { readJson, validate } from "../http/read-json.ts";
import { declaration } from "../openapi/operations.ts";
import { connectionInput } from "../schemas/connections.ts";
import { connect, currentConnectionFields, describeConnections, disconnect, testConnection } from "../services/connections.ts";
import { describeDeliveries } from "../services/delivery-report.ts";

const providerParam = z.object({ provider: z.enum(PROVIDERS) });

/**
 * The store's links to outside systems. Any admin reader may look; connecting, replacing a credential,
 * testing and disconnecting take settings:write: an API key with it, or an owner's dashboard session
 * (issue 26). Credentials go in and never come out.
 */
async function list(c: Context<AppEnv>) {
  c.header("Cache-Control", "private, no-store");
  return c.json({ connections: await describeConnections(c.env, c.get("store").id, c.req.url) });
}

/** What became of the messages sent to the store's tools (Klaviyo, webhook endpoints): a session may look. */
async function deliveries(c: Context<AppEnv>) {
  const { status, limit } = readQuery(c, declaration("listDeliveryProblems"));
  c.header("Cache-Control", "private, no-store");
  return c.json(await describeDeliveries(c.env.DB, c.get("store").id, { status, limit }));
}

async function put(c: Context<AppEnv>) {
  const { provider } = validate(providerParam, c.req.param());
  // The provider comes from the path; the body is the rest, checked with the provider's own schema.
  const { keep, ...body } = await readJson(c, z.record(z.string(), z.unknown()), declaration("connect").body.maxBytes);
  // keep: true keeps what is not given (the dashboard rotates one secret without retyping the others).
  const kept = keep === true ? await currentConnectionFields(c.env, c.get("store").id, provider) : {};
  const input = validate(connectionInput, { ...kept, ...body, platform: provider });
  c.header("Cache-Control", "no-store");
  return c.json(await connect(c.env, c.get("store").id, input, c.req.url, c.get("access").actor));
}

async function remove(c: Context<AppEnv>) {
  const { provider } = validate(providerParam, c.req.param());
  if (!(await disconnect(c.env, c.get("store").id, provider, c.get("access").actor)))
    throw notFound("connection_not_found", `This store has no ${provider} connection.`);
  return c.body(null, 204);
}

async function test(c: Context<AppEnv>) {
  const { provider } = validate(providerParam, c.req.param());
  const result = await testConnection(c.env, c.get("store").id, provider);
  if (!result) throw notFound("connection_not_found", `This store has no ${provider} connection.`);
  c.header("Cache-Control", "no-store");
  return c.json(result);
}

export const connectionRoutes: Route[] = [
  ["listConnections", list],
  ["listDeliveryProblems", deliveries],
  ["connect", put],
  ["disconnect", remove],
  ["testConnection", test],
];
