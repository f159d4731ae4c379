/**
 * The store's webhook endpoints, run by the merchant (issue 26): list, register, change, pause and
 * resume, rotate the secret, remove, test, and each one's delivery log. Reading takes admin:read and
 * changing webhooks:write (checked before these run, from their declarations); the whole URL, which
 * may carry the receiver's own token, is answered only to a credential that may change endpoints.
 */
import type { Context } from "hono";
import { endpointView } from "../domain/webhook-endpoints.ts";
import type { AppEnv } from "../http/app-env.ts";
import { readBody, readQuery, type Route } from "../http/declared.ts";
import { ApiError, notFound } from "../http/errors.ts";
import { declaration } from "../openapi/operations.ts";
import { deliverSoon } from "../services/outbound-delivery.ts";
import { createEndpoint, deleteEndpoint, testEndpoint, updateEndpoint } from "../services/webhook-endpoints.ts";
import { MAX_ENDPOINTS } from "../domain/webhook-endpoints.ts";
import { deliveryLog, getEndpoint, listEndpoints } from "../storage/webhook-endpoints.ts";

const endpointParam = (c: Context<AppEnv>) => c.req.param("endpointId") ?? "";
const mayChange = (c: Context<AppEnv>) => c.get("access").scopes.includes("webhooks:write");
const endpointNotFound = () => notFound("endpoint_not_found", "There is no webhook endpoint by this id in this store.");
/** A URL the check refuses, as the contract's 422 naming the field (the reason is the check's own words). */
const urlRefused = (reason: string) =>
  new ApiError(422, "invalid_values", "Some values are invalid: url.", [{ path: "url", message: `the URL ${reason}` }]);

async function list(c: Context<AppEnv>) {
  const rows = await listEndpoints(c.env.DB, c.get("store").id);
  c.header("Cache-Control", "private, no-store");
  return c.json({ endpoints: rows.map((row) => endpointView(row, mayChange(c))) });
}

async function create(c: Context<AppEnv>) {
  const input = await readBody(c, declaration("createWebhookEndpoint"));
  const made = await createEndpoint(c.env, c.get("store").id, c.get("access").actor, input, new Date().toISOString());
  if (made.kind === "refused") throw urlRefused(made.reason);
  if (made.kind === "too_many")
    throw new ApiError(409, "too_many_endpoints", `This store has ${MAX_ENDPOINTS} webhook endpoints; remove one first.`);
  c.header("Cache-Control", "no-store");
  return c.json({ ...endpointView(made.endpoint, true), secret: made.secret }, 201);
}

async function update(c: Context<AppEnv>) {
  const patch = await readBody(c, declaration("updateWebhookEndpoint"));
  const changed = await updateEndpoint(c.env, c.get("store").id, c.get("access").actor, endpointParam(c), patch, new Date().toISOString());
  if (changed.kind === "not_found") throw endpointNotFound();
  if (changed.kind === "refused") throw urlRefused(changed.reason);
  // What waited while it was paused goes now, as after any write that queues (or with the cron).
  if (changed.resumed) deliverSoon(c.env, c.executionCtx, c.get("store").id);
  c.header("Cache-Control", "no-store");
  return c.json({ ...endpointView(changed.endpoint, true), ...(changed.secret && { secret: changed.secret }) });
}

async function remove(c: Context<AppEnv>) {
  if (!(await deleteEndpoint(c.env, c.get("store").id, c.get("access").actor, endpointParam(c), new Date().toISOString()))) {
    throw endpointNotFound();
  }
  return c.body(null, 204);
}

async function test(c: Context<AppEnv>) {
  const result = await testEndpoint(c.env, c.get("store").id, endpointParam(c), new Date());
  if (!result) throw endpointNotFound();
  c.header("Cache-Control", "no-store");
  return c.json(result);
}

async function deliveries(c: Context<AppEnv>) {
  const page = readQuery(c, declaration("webhookDeliveryLog"));
  const storeId = c.get("store").id;
  const endpoint = await getEndpoint(c.env.DB, storeId, endpointParam(c));
  if (!endpoint) throw endpointNotFound();
  const log = await deliveryLog(c.env.DB, storeId, endpoint.id, page);
  c.header("Cache-Control", "private, no-store");
  return c.json({
    endpointId: endpoint.id,
    pending: endpoint.pending,
    attempts: log.attempts.map(({ cursor: _cursor, ...attempt }) => attempt),
    nextBefore: log.nextBefore,
  });
}

export const webhookEndpointRoutes: Route[] = [
  ["listWebhookEndpoints", list],
  ["createWebhookEndpoint", create],
  ["updateWebhookEndpoint", update],
  ["deleteWebhookEndpoint", remove],
  ["testWebhookEndpoint", test],
  ["webhookDeliveryLog", deliveries],
];
