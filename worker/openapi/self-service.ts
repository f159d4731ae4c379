/**
 * The operations a merchant runs their store with (issue 26), kept beside operations.ts's table like
 * the platforms' (platform-operations.ts): who the credential is, sign-in links for colleagues, the
 * store's settings, the audit log, API keys and webhook endpoints. The answers' schemas are proven
 * equal to contract/self-service.ts, what the dashboard compiles against.
 */
import { z } from "zod";
import {
  AUDIT_ACTIONS,
  SETTINGS_SECTIONS,
  type ApiKeyCreated,
  type ApiKeysAnswer,
  type AuditAnswer,
  type LoginLinkCreated,
  type SessionInfo,
  type SettingsAnswer,
  type SettingsUpdated,
  type StoreSettingsView,
  type WebhookDeliveryLog,
  type WebhookEndpointsAnswer,
  type WebhookEndpointView,
  type WebhookEndpointWithSecret,
  type WebhookTestResult,
} from "../../contract/self-service.ts";
import { OUTBOUND_EVENT_TYPES } from "../../contract/outbound.ts";
import { ROLES, SCOPES } from "../../contract/vocabularies.ts";
import { DEFAULT_BODY_LIMIT, SETTINGS_BODY_LIMIT } from "../schemas/body-limits.ts";
import { mirrors } from "../schemas/mirrors.ts";
import { apiKeyInput, loginLinkInput, pageQuery, webhookInput, webhookPatch } from "../schemas/self-service.ts";
import { branding, feedbackTiming, returnPolicy, settingsPatch, shippingPromise, supportContacts } from "../schemas/store.ts";
import type { Operation, PathParameter } from "./document.ts";
import { brandingAnswer } from "./responses.ts";

const isoInstant = z.string().describe("UTC ISO 8601 date-time");

const sessionInfo = mirrors<SessionInfo>()(
  z.object({
    storeId: z.string(),
    storeName: z.string(),
    credential: z.enum(["api_key", "session"]),
    role: z.enum(ROLES).nullable().describe("a session's role; null for an API key"),
    person: z.string().nullable().describe("whom the sign-in link was made for"),
    key: z.object({ id: z.string(), name: z.string() }).nullable().describe("the API key (`store`: the store's own); null for a session"),
    scopes: z.array(z.enum(SCOPES)).describe("what this credential may do: show only what these allow"),
    expiresAt: isoInstant.nullable().describe("when a session ends; null for an API key"),
  }),
);

const loginLinkCreated = mirrors<LoginLinkCreated>()(
  z.object({
    url: z.string().describe("/admin/#code=dsl_…: signs in once, within 15 minutes; shown this once"),
    role: z.enum(ROLES),
    person: z.string().nullable(),
    expiresAt: isoInstant,
  }),
);

const adjustments = brandingAnswer.shape.adjustments.describe("brand colours shoppers are served changed for contrast (WCAG AA)");

/** The settings as answered (the schema they are validated with normalises locale tags, which JSON Schema cannot say). */
const settingsView = mirrors<StoreSettingsView>()(
  z.object({
    name: z.string(),
    origins: z.array(z.string()).describe("the first is the store's primary origin"),
    branding,
    support: supportContacts,
    returnPolicy,
    shipping: shippingPromise,
    feedback: feedbackTiming,
    messages: z.record(z.string(), z.record(z.string(), z.string())).describe("the store's own wording, per language or locale"),
    defaultLocale: z.string(),
    locales: z.array(z.string()),
    statusPageUrl: z.string().optional(),
    analytics: z
      .object({ dataLayer: z.boolean().describe("push each survey answer to window.dataLayer (default false)") })
      .optional()
      .describe("new in 2026-12 (issue 25); always answered"),
  }),
);

const settingsAnswer = mirrors<SettingsAnswer>()(z.object({ storeId: z.string(), settings: settingsView, brandingAdjusted: adjustments }));

const settingsUpdated = mirrors<SettingsUpdated>()(
  z.object({
    storeId: z.string(),
    settings: settingsView.describe("the settings now in force, defaults filled in"),
    brandingAdjusted: adjustments,
    changed: z.array(z.enum(SETTINGS_SECTIONS)).describe("the sections that changed, each one audit entry; none: nothing was written"),
  }),
);

const auditAnswer = mirrors<AuditAnswer>()(
  z.object({
    entries: z.array(
      z.object({
        id: z.int(),
        at: isoInstant,
        actor: z.object({
          kind: z.enum(["api_key", "session", "operator"]),
          id: z.string().describe("the key's id (`store`: the store's own key), the session's (ses_…), or cli"),
          name: z.string().nullable().describe("the key's name, or whom a session's sign-in link was made for"),
          role: z.enum(ROLES).nullable(),
        }),
        action: z.enum(AUDIT_ACTIONS),
        target: z.string().describe("the settings section, endpoint id, key id, or the role a sign-in link was made for"),
        before: z.unknown().describe("null when it did not exist; never a secret or a whole webhook URL"),
        after: z.unknown().describe("null when it no longer exists"),
      }),
    ),
    nextBefore: z.int().nullable().describe("pass as ?before= for the page before; null at the oldest"),
  }),
);

const apiKeyShape = {
  id: z.string().describe("`store` for the store's own key"),
  name: z.string(),
  kind: z.enum(["store", "scoped"]),
  scopes: z.array(z.enum(SCOPES)),
  hint: z.string().nullable().describe("the key's last four characters; null for the store's own key"),
  createdAt: isoInstant.nullable(),
  lastUsedAt: isoInstant.nullable().describe("its last answer under 400, to the minute"),
};
const apiKeysAnswer = mirrors<ApiKeysAnswer>()(z.object({ keys: z.array(z.object(apiKeyShape)) }));
const apiKeyCreated = mirrors<ApiKeyCreated>()(
  z.object({ ...apiKeyShape, key: z.string().describe("dsk_…: shown this once; only its hash is kept") }),
);

const lastAttempt = {
  at: isoInstant,
  status: z.int().nullable().describe("the HTTP status answered; null without an answer"),
  error: z.string().nullable(),
  durationMs: z.int().describe("how long the endpoint took to answer"),
};

const endpointShape = {
  id: z.string(),
  url: z.string().nullable().describe("the whole URL, only to a credential with webhooks:write (it may carry the receiver's token)"),
  host: z.string(),
  events: z.array(z.enum(OUTBOUND_EVENT_TYPES)),
  paused: z.boolean().describe("no new events are queued for it, and those waiting wait until it is resumed"),
  pausedAt: isoInstant.nullable(),
  createdAt: isoInstant,
  updatedAt: isoInstant.nullable(),
  pending: z.int().describe("deliveries waiting for their next attempt"),
  lastAttempt: z.object(lastAttempt).nullable(),
};
const endpointView = mirrors<WebhookEndpointView>()(z.object(endpointShape));
const endpointsAnswer = mirrors<WebhookEndpointsAnswer>()(z.object({ endpoints: z.array(endpointView) }));
const endpointWithSecret = mirrors<WebhookEndpointWithSecret>()(
  z.object({ ...endpointShape, secret: z.string().describe("dsw_…: the signing secret, shown this once") }),
);
const endpointPatched = z.object({
  ...endpointShape,
  secret: z.string().optional().describe("with rotateSecret only: the new signing secret, shown this once"),
});
const testResult = mirrors<WebhookTestResult>()(
  z.object({
    ...lastAttempt,
    endpointId: z.string(),
    eventId: z.string(),
    delivered: z.boolean().describe("the endpoint answered 2xx"),
  }),
);
const deliveryLog = mirrors<WebhookDeliveryLog>()(
  z.object({
    endpointId: z.string(),
    pending: z.int(),
    attempts: z.array(
      z.object({
        ...lastAttempt,
        eventId: z.string(),
        eventType: z.string().nullable().describe("webhook.test for a test delivery"),
        attempt: z.int(),
      }),
    ),
    nextBefore: z.int().nullable().describe("pass as ?before= for older attempts; null at the oldest"),
  }),
);

const keyId: PathParameter = { name: "keyId", schema: z.string().max(64), description: "The key's id (ak_…)." };
const endpointId: PathParameter = { name: "endpointId", schema: z.string().max(64), description: "The endpoint's id (we_…)." };

const ENDPOINT_NOT_FOUND = "endpoint_not_found: no such endpoint in this store";
const WIDER_THAN_CALLER = "insufficient_scope: also when it would give a scope the calling credential does not hold (details.scope)";

export function selfServiceOperations(adminTag: string) {
  return [
    {
      method: "get",
      path: "/v1/admin/session",
      operationId: "getSessionInfo",
      tag: adminTag,
      summary: "Who this credential is and what it may do: the dashboard shows only what its scopes allow",
      description:
        "New in 2026-12 (issue 26). For a session: its role, whom its link was made for and when it ends; for an API key: its id and name.",
      auth: "api_key_or_session",
      scope: "admin:read",
      responses: { 200: { description: "The credential", schema: sessionInfo } },
    },
    {
      method: "post",
      path: "/v1/admin/login-links",
      operationId: "createLoginLink",
      tag: adminTag,
      summary: "A one-time dashboard sign-in link for a colleague, with their role",
      description:
        "New in 2026-12 (issue 26). The link signs in once, within 15 minutes, for a 12-hour session with the role's scopes (owner: all; analyst: admin:read; support: admin:read and orders:write). Never a role beyond the calling credential's scopes. The same as the operator command admin:login-link --role. Recorded in the audit log (role and person, never the link).",
      auth: "api_key_or_session",
      scope: "settings:write",
      body: { schema: loginLinkInput, maxBytes: DEFAULT_BODY_LIMIT },
      responses: { 201: { description: "The link, shown this once", schema: loginLinkCreated } },
      errors: { 403: WIDER_THAN_CALLER },
    },
    {
      method: "get",
      path: "/v1/admin/settings",
      operationId: "getSettings",
      tag: adminTag,
      summary: "The store's settings: branding, support, returns, shipping promise, feedback timing, languages and wording, origins",
      description:
        "New in 2026-12 (issue 26). Exactly what `store:update --config` takes, defaults filled in, and the brand colours shoppers are served changed for contrast. Offer rules are GET /v1/offer-rules.",
      auth: "api_key_or_session",
      scope: "admin:read",
      responses: { 200: { description: "The settings", schema: settingsAnswer } },
    },
    {
      method: "patch",
      path: "/v1/admin/settings",
      operationId: "updateSettings",
      tag: adminTag,
      summary: "Change some of the store's settings: each top-level section given replaces that section",
      description:
        "New in 2026-12 (issue 26). A JSON merge of the top-level sections: a section given replaces that section whole (its fields left out take their defaults, as in store:update), a section left out stays, `statusPageUrl: null` removes it. The merged settings are validated exactly as `store:update` validates: a key the settings do not have is refused by name (422 invalid_values, paths as in store:update) and nothing changes. Each changed section is one audit entry (before and after). Shoppers see the change within a minute (the store's config is cached that long).",
      auth: "api_key_or_session",
      scope: "settings:write",
      body: { schema: settingsPatch, maxBytes: SETTINGS_BODY_LIMIT },
      responses: { 200: { description: "The settings now in force, and what changed", schema: settingsUpdated } },
    },
    {
      method: "get",
      path: "/v1/admin/audit",
      operationId: "listAudit",
      tag: adminTag,
      summary: "The audit log: who changed settings, webhook endpoints, keys and sign-in links, when, and what changed",
      description:
        "New in 2026-12 (issue 26). Newest first, `limit` (1–200, 50) at a time; `before` is the previous page's `nextBefore`. Each entry: the actor (key id and name, or session id, role and person, or the operator's command), the action, its target, and before/after without secrets.",
      auth: "api_key_or_session",
      scope: "admin:read",
      query: [pageQuery],
      responses: { 200: { description: "The entries", schema: auditAnswer } },
    },
    {
      method: "get",
      path: "/v1/admin/keys",
      operationId: "listApiKeys",
      tag: adminTag,
      summary: "The store's API keys: its own key and each scoped key, with scopes and last use (never a key)",
      description: "New in 2026-12 (issue 26). Revoked keys are not listed (the audit log keeps them).",
      auth: "api_key_or_session",
      scope: "settings:write",
      responses: { 200: { description: "The keys", schema: apiKeysAnswer } },
    },
    {
      method: "post",
      path: "/v1/admin/keys",
      operationId: "createApiKey",
      tag: adminTag,
      summary: "A new API key with a name and scopes, shown once",
      description:
        "New in 2026-12 (issue 26). Scopes: orders:write (orders, parcels, their events, consent news, token rotation, alerts handled, moments run, reviews moderated and replied to), catalog:write (catalogue and offer rules), admin:read (every admin read), settings:write (settings, connections, keys, sign-in links), customers:erase, webhooks:write. Never a scope the calling credential does not hold. Only the key's hash is kept. At most 50 live keys per store.",
      auth: "api_key_or_session",
      scope: "settings:write",
      body: { schema: apiKeyInput, maxBytes: DEFAULT_BODY_LIMIT },
      responses: { 201: { description: "The key, shown this once", schema: apiKeyCreated } },
      errors: { 403: WIDER_THAN_CALLER, 409: "too_many_keys: the store has 50 live keys; revoke one first" },
    },
    {
      method: "delete",
      path: "/v1/admin/keys/{keyId}",
      operationId: "revokeApiKey",
      tag: adminTag,
      summary: "Revoke a key: its next request is refused (401)",
      description:
        "New in 2026-12 (issue 26). The store's own key is replaced with the operator command store:rotate-key, not revoked here.",
      auth: "api_key_or_session",
      scope: "settings:write",
      params: [keyId],
      responses: { 204: { description: "Revoked" } },
      errors: {
        404: "key_not_found: no live key by this id in this store",
        409: "store_key_not_revocable: the store's own key is rotated by the operator (store:rotate-key)",
      },
    },
    {
      method: "get",
      path: "/v1/admin/webhooks",
      operationId: "listWebhookEndpoints",
      tag: adminTag,
      summary: "The store's webhook endpoints: events, paused or not, what waits, and the last attempt (never a secret)",
      description:
        "New in 2026-12 (issue 26). The whole URL only to a credential holding webhooks:write (a receiver's URL may carry its own token); the host to every other.",
      auth: "api_key_or_session",
      scope: "admin:read",
      responses: { 200: { description: "The endpoints", schema: endpointsAnswer } },
    },
    {
      method: "post",
      path: "/v1/admin/webhooks",
      operationId: "createWebhookEndpoint",
      tag: adminTag,
      summary: "Send the store's events to a URL, signed; the signing secret is shown once",
      description:
        "New in 2026-12 (issue 26). The same as the operator command webhook:add: the URL must be https:// to a public host name on port 443 (422 invalid_values with the reason at `url` otherwise); without `events`, every type. At most 20 endpoints per store.",
      auth: "api_key_or_session",
      scope: "webhooks:write",
      body: { schema: webhookInput, maxBytes: DEFAULT_BODY_LIMIT },
      responses: { 201: { description: "Registered", schema: endpointWithSecret } },
      errors: { 409: "too_many_endpoints: the store has 20 endpoints; remove one first" },
    },
    {
      method: "patch",
      path: "/v1/admin/webhooks/{endpointId}",
      operationId: "updateWebhookEndpoint",
      tag: adminTag,
      summary: "Change an endpoint's URL or events, pause or resume it, or rotate its signing secret",
      description:
        "New in 2026-12 (issue 26). Only what is given changes. Paused: events raised meanwhile are not queued for it, and deliveries already waiting wait (the cron skips them) until it is resumed. A rotated secret is answered once and signs every delivery from now on, waiting ones included; the old one stops at once.",
      auth: "api_key_or_session",
      scope: "webhooks:write",
      params: [endpointId],
      body: { schema: webhookPatch, maxBytes: DEFAULT_BODY_LIMIT },
      responses: { 200: { description: "The endpoint as it now is", schema: endpointPatched } },
      errors: { 404: ENDPOINT_NOT_FOUND },
    },
    {
      method: "delete",
      path: "/v1/admin/webhooks/{endpointId}",
      operationId: "deleteWebhookEndpoint",
      tag: adminTag,
      summary: "Remove an endpoint: nothing more is sent to it, and what waited is stopped",
      description: "New in 2026-12 (issue 26). Its past attempts stay in the delivery report.",
      auth: "api_key_or_session",
      scope: "webhooks:write",
      params: [endpointId],
      responses: { 204: { description: "Removed" } },
      errors: { 404: ENDPOINT_NOT_FOUND },
    },
    {
      method: "post",
      path: "/v1/admin/webhooks/{endpointId}/test",
      operationId: "testWebhookEndpoint",
      tag: adminTag,
      summary: "Send a signed test event to an endpoint now, and answer its status and answer time",
      description:
        "New in 2026-12 (issue 26). A `webhook.test` event `{id, type, createdAt, storeId, data: {endpointId}}`, signed and sent as every delivery is (paused or not), once: never retried, listed in the endpoint's delivery log, not in GET /v1/admin/deliveries. The answer is 200 whatever the endpoint answered.",
      auth: "api_key_or_session",
      scope: "webhooks:write",
      params: [endpointId],
      responses: { 200: { description: "What the endpoint answered", schema: testResult } },
      errors: { 404: ENDPOINT_NOT_FOUND },
    },
    {
      method: "get",
      path: "/v1/admin/webhooks/{endpointId}/deliveries",
      operationId: "webhookDeliveryLog",
      tag: adminTag,
      summary: "An endpoint's delivery log: each attempt's event, status, error and answer time",
      description: "New in 2026-12 (issue 26). Newest first, `limit` (1–200, 50) at a time; `before` is the previous page's `nextBefore`.",
      auth: "api_key_or_session",
      scope: "admin:read",
      params: [endpointId],
      query: [pageQuery],
      responses: { 200: { description: "The attempts", schema: deliveryLog } },
      errors: { 404: ENDPOINT_NOT_FOUND },
    },
  ] as const satisfies readonly Operation[];
}
