/**
 * Doorstep's outbound events as Klaviyo events (pure): the body `POST {KLAVIYO_API_URL}/api/events`
 * takes (Klaviyo's OpenAPI description, revision 2026-07-15: `EventCreateQueryV2`), the metric each
 * kind is recorded under (what a merchant's flows trigger on, docs/contract.md), and what an answer
 * means for the delivery: delivered, tried again (when), or refused for good.
 */
import { DELIVERY_ERRORS } from "../../contract/delivery-errors.ts";
import { MOMENT_KINDS, type OutboundEventType } from "../../contract/outbound.ts";
import { currencyExponent } from "./platforms/money.ts";

/** The API revision every request names (the `revision` header); pinned so Klaviyo's changes cannot surprise a flow. */
export const KLAVIYO_REVISION = "2026-07-15";

const title = (kind: string) =>
  kind
    .split("_")
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(" ");

/** The metric name per event type: "Doorstep Order Confirmed", "Doorstep Out For Delivery", … */
export const KLAVIYO_METRICS = {
  "survey.submitted": "Doorstep Survey Submitted",
  "survey.detractor": "Doorstep Detractor Alert",
  "survey.answered": "Doorstep Survey Answered",
  "review.created": "Doorstep Review Created",
  ...Object.fromEntries(MOMENT_KINDS.map((k) => [`moment.${k}`, `Doorstep ${title(k)}`])),
} as Record<OutboundEventType, string>;

/** The envelope every outbound event is stored as (storage/outbound.ts). */
export interface OutboundEnvelope {
  id: string;
  type: string;
  createdAt: string;
  storeId: string;
  data: Record<string, unknown>;
}

/** The customer as stored when the event is sent (contacts may have changed since it was queued). */
export interface KlaviyoProfileFacts {
  customerId?: string;
  email?: string | null;
  phone?: string | null;
}

/** Klaviyo takes phone numbers in E.164 only and refuses the whole event otherwise: anything else is left out. */
export function e164(phone: string | null | undefined): string | undefined {
  if (!phone) return undefined;
  const compact = phone.replace(/[\s().-]/g, "");
  return /^\+[1-9]\d{6,14}$/.test(compact) ? compact : undefined;
}

/** Money in major units (Klaviyo's `value`), from minor units and the currency's ISO 4217 exponent. */
export const majorUnits = (minor: number, currency: string) => minor / 10 ** currencyExponent(currency);

/**
 * The Klaviyo event for one outbound event, or why there cannot be one (no way to name the profile).
 * Properties are the event's `data` as webhooks carry it, without the customer's contacts (they are
 * the profile), plus `event_id` and `event_type`; `unique_id` is the event's id, so a resend after a
 * timeout is counted once; `value` only where money changed hands (the order's confirmation).
 */
export function klaviyoEvent(envelope: OutboundEnvelope, who: KlaviyoProfileFacts): { body: unknown } | { refused: string } {
  const metric = KLAVIYO_METRICS[envelope.type as OutboundEventType];
  if (!metric) return { refused: `${DELIVERY_ERRORS.noMetric} ${envelope.type}` };
  const email = who.email ?? undefined;
  const phone = e164(who.phone);
  if (!email && !phone && !who.customerId) return { refused: DELIVERY_ERRORS.noProfile };
  const { customer: _contacts, contact: _contact, ...rest } = envelope.data;
  const order = envelope.data.order as { total?: number; currency?: string } | undefined;
  const priced = envelope.type === "moment.order_confirmed" && order?.total !== undefined && order.currency;
  const time = typeof envelope.data.dueAt === "string" && envelope.type.startsWith("moment.") ? envelope.data.dueAt : envelope.createdAt;
  return {
    body: {
      data: {
        type: "event",
        attributes: {
          properties: { ...rest, event_id: envelope.id, event_type: envelope.type },
          time: new Date(Math.min(Date.parse(time), Date.parse(envelope.createdAt))).toISOString(),
          ...(priced ? { value: majorUnits(order.total!, order.currency!), value_currency: order.currency } : {}),
          unique_id: envelope.id,
          metric: { data: { type: "metric", attributes: { name: metric } } },
          profile: {
            data: {
              type: "profile",
              attributes: {
                ...(email ? { email } : {}),
                ...(phone ? { phone_number: phone } : {}),
                ...(who.customerId ? { external_id: who.customerId } : {}),
              },
            },
          },
        },
      },
    },
  };
}

/** What one answer from Klaviyo means for the delivery. */
export type KlaviyoOutcome =
  | { kind: "delivered" }
  /** Try again: at `after` seconds when Klaviyo said (429's Retry-After), else by the usual backoff. */
  | { kind: "retry"; afterSeconds?: number; error: string }
  | { kind: "refused"; error: string };

/** Longest wait a Retry-After is followed for; beyond it the usual backoff takes over. */
const MAX_RETRY_AFTER_S = 3600;

/**
 * 2xx (202 Accepted) is delivered. 429 waits as long as Retry-After says (integer seconds). 408, 5xx
 * and network errors are tried again with the usual backoff. Every other 4xx (a refused or revoked key,
 * missing scope, an invalid body) would fail the same way again: refused for good, with Klaviyo's words.
 */
export function klaviyoOutcome(status: number | null, retryAfter: string | null, errorBody: string): KlaviyoOutcome {
  if (status !== null && status >= 200 && status < 300) return { kind: "delivered" };
  const detail = klaviyoErrorDetail(errorBody);
  if (status === null) return { kind: "retry", error: errorBody.slice(0, 300) || "request failed" };
  const error = `HTTP ${status}${detail ? `: ${detail}` : ""}`;
  if (status === 429) {
    const seconds = retryAfter && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter.trim()) : undefined;
    return { kind: "retry", afterSeconds: seconds === undefined ? undefined : Math.min(Math.max(seconds, 1), MAX_RETRY_AFTER_S), error };
  }
  if (status === 408 || status >= 500) return { kind: "retry", error };
  return { kind: "refused", error };
}

/** The first error of a JSON:API error answer, as `code: detail` (Klaviyo's ClientError / ServerError shape). */
function klaviyoErrorDetail(body: string): string | undefined {
  try {
    const first = (JSON.parse(body) as { errors?: { code?: unknown; detail?: unknown; title?: unknown }[] }).errors?.[0];
    if (!first) return undefined;
    const words = [first.code, first.detail ?? first.title].filter((x) => typeof x === "string" && x).join(": ");
    return words.slice(0, 240) || undefined;
  } catch {
    return undefined;
  }
}
