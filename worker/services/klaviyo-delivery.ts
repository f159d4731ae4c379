/**
 * One attempt to hand an outbound event to the store's Klaviyo account: the event as Klaviyo's Events
 * API takes it (domain/klaviyo.ts), sent with the connection's private key, and what the answer means
 * for the delivery. services/outbound-delivery.ts records the attempt and schedules the next.
 */
import { DELIVERY_ERRORS } from "../../contract/delivery-errors.ts";
import { openJson } from "../crypto/secret-box.ts";
import { KLAVIYO_REVISION, klaviyoEvent, klaviyoOutcome, type KlaviyoOutcome, type OutboundEnvelope } from "../domain/klaviyo.ts";
import type { Change } from "../storage/changes.ts";
import { noteConnectionTrafficStatement } from "../storage/connections.ts";
import { klaviyoDeliveryToSend, type ClaimedDelivery } from "../storage/outbound.ts";

const TIMEOUT_MS = 10_000;

export interface KlaviyoAttempt {
  status: number | null;
  outcome: KlaviyoOutcome;
  /** The connection's traffic and last error, written with the attempt. */
  also: Change[];
}

export async function sendToKlaviyo(
  env: Env,
  row: ClaimedDelivery,
  now: Date,
  send: (url: string, init: RequestInit) => Promise<Response>,
): Promise<KlaviyoAttempt> {
  const at = now.toISOString();
  const found = await klaviyoDeliveryToSend(env.DB, row);
  const refuse = (error: string, also: Change[] = []): KlaviyoAttempt => ({ status: null, outcome: { kind: "refused", error }, also });
  if (!found.payload) return refuse(DELIVERY_ERRORS.eventGone);
  if (!found.connected || !found.secretsSealed) return refuse(DELIVERY_ERRORS.klaviyoDisconnected);
  const envelope = JSON.parse(found.payload) as Partial<OutboundEnvelope>;
  if (!envelope.data || found.customer?.erased) return refuse(DELIVERY_ERRORS.customerErased);
  const event = klaviyoEvent(envelope as OutboundEnvelope, {
    customerId: found.customer?.id,
    email: found.customer?.email,
    phone: found.customer?.phone,
  });
  if ("refused" in event) return refuse(event.refused);

  const { apiKey } = await openJson<{ apiKey: string }>(env.DOORSTEP_SECRET_KEY, found.secretsSealed);
  let status: number | null = null;
  let text = "";
  let retryAfter: string | null = null;
  try {
    const res = await send(`${String(env.KLAVIYO_API_URL).replace(/\/+$/, "")}/api/events`, {
      method: "POST",
      headers: {
        Authorization: `Klaviyo-API-Key ${apiKey}`,
        revision: KLAVIYO_REVISION,
        "Content-Type": "application/vnd.api+json",
        Accept: "application/vnd.api+json",
        "User-Agent": "Doorstep/1",
      },
      body: JSON.stringify(event.body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: "manual",
    });
    status = res.status;
    retryAfter = res.headers.get("Retry-After");
    // Only an error's words are kept (a 202 has no body); bounded, so a huge answer costs nothing.
    text = status >= 300 ? (await res.text()).slice(0, 4000) : "";
    if (status < 300) await res.body?.cancel();
  } catch (err) {
    text = err instanceof Error ? `${err.name}: ${err.message}` : "request failed";
  }
  const outcome = klaviyoOutcome(status, retryAfter, text);
  const also =
    outcome.kind === "delivered"
      ? [noteConnectionTrafficStatement(row.store_id, "klaviyo", "out", at)]
      : [noteConnectionTrafficStatement(row.store_id, "klaviyo", "out", at, `${envelope.type ?? "event"}: ${outcome.error}`)];
  return { status, outcome, also };
}
