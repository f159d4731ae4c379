/** Bodies and queries of the admin routes a merchant runs their store with (issue 26). */
import { z } from "zod";
import { OUTBOUND_EVENT_TYPES } from "../../contract/outbound.ts";
import { ROLES, SCOPES } from "../../contract/vocabularies.ts";

const scopes = z.array(z.enum(SCOPES)).min(1).max(20);

/** `POST /v1/admin/keys` */
export const apiKeyInput = z.strictObject({
  name: z.string().trim().min(1).max(80).describe("what the key is for, e.g. order sync"),
  scopes: scopes.describe("what the key may do; none beyond the scopes of the credential creating it"),
});

/** `POST /v1/admin/login-links` */
export const loginLinkInput = z.strictObject({
  role: z.enum(ROLES),
  person: z.string().trim().min(1).max(120).optional().describe("who the link is for, as the audit log will name them"),
});

const endpointUrl = z.string().min(1).max(2048).describe("https:// to a public host name on port 443");
const events = z
  .array(z.enum(OUTBOUND_EVENT_TYPES))
  .min(1)
  .max(OUTBOUND_EVENT_TYPES.length * 2);

/** `POST /v1/admin/webhooks` */
export const webhookInput = z.strictObject({
  url: endpointUrl,
  events: events.optional().describe("the event types to send; every type when left out"),
});

/** `PATCH /v1/admin/webhooks/{endpointId}`: only what is given changes. */
export const webhookPatch = z
  .strictObject({
    url: endpointUrl.optional(),
    events: events.optional(),
    paused: z.boolean().optional().describe("true: no new events are queued for it, and those waiting wait; false: resumed"),
    rotateSecret: z.literal(true).optional().describe("a new signing secret, answered once; the old one stops at once"),
  })
  .refine(
    (patch) => Object.values(patch).some((value) => value !== undefined),
    "must change something: url, events, paused or rotateSecret",
  );

/** A page of a newest-first list: `before` is the `nextBefore` of the page before. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().min(1).optional(),
});

/** `GET /v1/admin/orders?number=` or `?email=`: exactly one, matched exactly (support's order panel). */
export const orderSearchQuery = z
  .object({
    number: z.string().trim().min(1).max(128).optional().describe("the order's number as the shopper quotes it (#1071 or 1071), or its id"),
    email: z.email().trim().max(254).optional().describe("the customer's email, whole (case aside)"),
  })
  .refine((q) => (q.number === undefined) !== (q.email === undefined), {
    message: "give exactly one of number and email",
    path: ["number"],
  });
