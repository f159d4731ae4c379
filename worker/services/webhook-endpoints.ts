/**
 * A store's webhook endpoints, run by the merchant (issue 26): registered (the same way as the
 * operator's `webhook:add`, which calls `prepareEndpoint` too), changed, paused and resumed, their
 * secret rotated, removed, and tested with a signed event sent now. Every change is written with its
 * audit entry in one transaction; the audit entry never holds the secret or the whole URL.
 */
import { DELIVERY_ERRORS } from "../../contract/delivery-errors.ts";
import type { AuditActor, WebhookTestResult } from "../../contract/self-service.ts";
import { newWebhookSecret, randomToken } from "../crypto/random.ts";
import { sealJson } from "../crypto/secret-box.ts";
import {
  chosenEventTypes,
  endpointAudit,
  endpointChange,
  knownEventTypes,
  MAX_ENDPOINTS,
  type StoredEndpoint,
} from "../domain/webhook-endpoints.ts";
import { checkWebhookTarget } from "../domain/webhook-target.ts";
import { auditStatement } from "../storage/audit.ts";
import { applyChanges } from "../storage/changes.ts";
import { addEndpointStatement } from "../storage/outbound.ts";
import {
  countEndpoints,
  deleteEndpointStatements,
  getEndpoint,
  TEST_EVENT_TYPE,
  testDeliveryStatements,
  updateEndpointStatement,
} from "../storage/webhook-endpoints.ts";
import { allowLoopback, type DeliverOptions, postSigned } from "./outbound-delivery.ts";

export interface NewEndpoint {
  id: string;
  url: string;
  events: string[];
  secretSealed: string;
}

/**
 * A new endpoint, ready to store: its URL checked (domain/webhook-target.ts, the check made again
 * before every send), its events (every type when none is named), an id, and a signing secret, sealed
 * for storage and answered once. `webhook:add` and `POST /v1/admin/webhooks` both make theirs here.
 */
export async function prepareEndpoint(
  secretKey: string,
  input: { url: string; events?: readonly string[] },
  options: { allowLoopback?: boolean } = {},
): Promise<{ ok: true; endpoint: NewEndpoint; secret: string } | { ok: false; reason: string }> {
  const checked = checkWebhookTarget(input.url, options);
  if (!checked.ok) return { ok: false, reason: checked.reason };
  const secret = newWebhookSecret();
  return {
    ok: true,
    endpoint: {
      id: `we_${randomToken(9)}`,
      url: checked.url,
      events: chosenEventTypes(input.events),
      secretSealed: await sealJson(secretKey, { secret }),
    },
    secret,
  };
}

type Refused = { kind: "refused"; reason: string };
type NotFound = { kind: "not_found" };

export async function createEndpoint(
  env: Env,
  storeId: string,
  actor: AuditActor,
  input: { url: string; events?: readonly string[] },
  now: string,
): Promise<{ kind: "created"; endpoint: StoredEndpoint; secret: string } | Refused | { kind: "too_many" }> {
  const prepared = await prepareEndpoint(env.DOORSTEP_SECRET_KEY, input, { allowLoopback: allowLoopback(env) });
  if (!prepared.ok) return { kind: "refused", reason: prepared.reason };
  if ((await countEndpoints(env.DB, storeId)) >= MAX_ENDPOINTS) return { kind: "too_many" };
  const { endpoint } = prepared;
  await applyChanges(env.DB, [
    addEndpointStatement(storeId, endpoint, now),
    auditStatement(
      storeId,
      actor,
      { action: "webhook.created", target: endpoint.id, before: null, after: endpointAudit({ ...endpoint, pausedAt: null }) },
      now,
    ),
  ]);
  return {
    kind: "created",
    endpoint: { ...endpoint, pausedAt: null, createdAt: now, updatedAt: null, pending: 0, lastAttempt: null },
    secret: prepared.secret,
  };
}

export interface EndpointPatch {
  url?: string;
  events?: readonly string[];
  paused?: boolean;
  rotateSecret?: true;
}

/**
 * Changes what the patch names. A paused endpoint keeps when it was paused; `resumed` says it was
 * paused and is not now (the caller sends what waited for it, as after any write that queues).
 */
export async function updateEndpoint(
  env: Env,
  storeId: string,
  actor: AuditActor,
  id: string,
  patch: EndpointPatch,
  now: string,
): Promise<{ kind: "updated"; endpoint: StoredEndpoint; secret?: string; resumed: boolean } | Refused | NotFound> {
  const row = await getEndpoint(env.DB, storeId, id);
  if (!row) return { kind: "not_found" };
  let url = row.url;
  if (patch.url !== undefined) {
    const checked = checkWebhookTarget(patch.url, { allowLoopback: allowLoopback(env) });
    if (!checked.ok) return { kind: "refused", reason: checked.reason };
    url = checked.url;
  }
  const secret = patch.rotateSecret ? newWebhookSecret() : undefined;
  const after = {
    url,
    events: patch.events ? knownEventTypes(patch.events) : row.events,
    pausedAt: patch.paused === undefined ? row.pausedAt : patch.paused ? (row.pausedAt ?? now) : null,
    secretSealed: secret ? await sealJson(env.DOORSTEP_SECRET_KEY, { secret }) : row.secretSealed,
  };
  const change = endpointChange(row, after, secret !== undefined);
  // Nothing differs (pausing what is paused, the same events again): nothing to write or record.
  if (!change) return { kind: "updated", endpoint: row, resumed: false };
  await applyChanges(env.DB, [
    updateEndpointStatement(storeId, id, after, now),
    auditStatement(storeId, actor, { action: "webhook.updated", target: id, ...change }, now),
  ]);
  return {
    kind: "updated",
    endpoint: { ...row, ...after, updatedAt: now },
    ...(secret && { secret }),
    resumed: row.pausedAt !== null && after.pausedAt === null,
  };
}

export async function deleteEndpoint(env: Env, storeId: string, actor: AuditActor, id: string, now: string): Promise<boolean> {
  const row = await getEndpoint(env.DB, storeId, id);
  if (!row) return false;
  await applyChanges(env.DB, [
    ...deleteEndpointStatements(storeId, id),
    auditStatement(storeId, actor, { action: "webhook.deleted", target: id, before: endpointAudit(row), after: null }, now),
  ]);
  return true;
}

/**
 * A signed `webhook.test` event sent to the endpoint now (paused or not), as every delivery is sent,
 * and recorded in its delivery log; never retried. A URL the check refuses is not called: the attempt
 * is recorded with the reason, as a delivery's would be.
 */
export async function testEndpoint(
  env: Env,
  storeId: string,
  id: string,
  now: Date,
  send?: DeliverOptions["send"],
): Promise<WebhookTestResult | null> {
  const row = await getEndpoint(env.DB, storeId, id);
  if (!row) return null;
  const at = now.toISOString();
  const eventId = `evt_test_${randomToken(12)}`;
  const payload = JSON.stringify({ id: eventId, type: TEST_EVENT_TYPE, createdAt: at, storeId, data: { endpointId: id } });
  const target = checkWebhookTarget(row.url, { allowLoopback: allowLoopback(env) });
  const started = Date.now();
  const { status, error } = target.ok
    ? await postSigned(env, { url: row.url, secret_sealed: row.secretSealed }, eventId, payload, now, send)
    : { status: null, error: `${DELIVERY_ERRORS.addressRefused}: ${target.reason}` };
  const attempt = { at, status, error, durationMs: Date.now() - started };
  await applyChanges(env.DB, testDeliveryStatements(storeId, id, { id: eventId, payload }, attempt));
  return { endpointId: id, eventId, delivered: error === null, ...attempt };
}
