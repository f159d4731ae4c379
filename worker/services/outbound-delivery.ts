/**
 * Delivers queued events to merchants' endpoints: at least once, signed, retried with backoff, every
 * attempt recorded. Runs right after the write that queued an event (waitUntil) and from the Cron
 * Trigger every minute for retries; a claim (lease) on each row keeps overlapping runs from sending
 * the same delivery at the same time.
 */
import { DELIVERY_ERRORS } from "../../contract/delivery-errors.ts";
import { signOutbound } from "../crypto/outbound-signature.ts";
import { openJson } from "../crypto/secret-box.ts";
import { checkWebhookTarget } from "../domain/webhook-target.ts";
import { claimDueDeliveries, deliveryToSend, KLAVIYO_DESTINATION, recordAttempt, type ClaimedDelivery } from "../storage/outbound.ts";
import { sendToKlaviyo } from "./klaviyo-delivery.ts";

/** Waits before attempts 2, 3, …: 30 s, 2 min, 10 min, 1 h, 3 h, 6 h, 12 h; then the delivery has failed. */
export const RETRY_DELAYS_S = [30, 120, 600, 3600, 10_800, 21_600, 43_200];
/** A destination that keeps answering 429 with a Retry-After is followed this many attempts at most. */
const MAX_ATTEMPTS = 20;
const LEASE_MS = 120_000;
const TIMEOUT_MS = 10_000;

export interface DeliverOptions {
  now?: Date;
  limit?: number;
  /** The HTTP client; tests pass a receiver in. */
  send?: (url: string, init: RequestInit) => Promise<Response>;
  /** Only this store's deliveries (a merchant's backfill must not send other stores' webhooks). */
  storeId?: string;
}

/**
 * Sends what a write just queued for `storeId`, after the response, unless the deployment leaves it to
 * the cron. Only that store's: a shopper's or merchant's request never spends its time sending other
 * stores' webhooks (the minute cron sends everything due), and two requests of different stores never
 * pick up each other's deliveries.
 */
export function deliverSoon(env: Env, ctx: { waitUntil(promise: Promise<unknown>): void }, storeId: string): void {
  if (String(env.OUTBOUND_DELIVERY) === "cron-only") return;
  ctx.waitUntil(
    deliverDue(env, { storeId }).then(
      () => undefined,
      (error: unknown) => console.error("doorstep: outbound delivery failed", error),
    ),
  );
}

/**
 * Local runs only: `wrangler dev` started by the end-to-end tests and the demo sets
 * OUTBOUND_ALLOW_LOOPBACK = "true" (`--var`) so webhooks reach their receiver on 127.0.0.1.
 * wrangler.toml says "false" and production never changes it (domain/webhook-target.ts).
 */
export const allowLoopback = (env: Env) => String(env.OUTBOUND_ALLOW_LOOPBACK) === "true";

export async function deliverDue(env: Env, options: DeliverOptions = {}): Promise<{ delivered: number; failed: number }> {
  const now = options.now ?? new Date();
  const send = options.send ?? ((url, init) => fetch(url, init));
  const iso = now.toISOString();
  const claimed = await claimDueDeliveries(env.DB, {
    now: iso,
    leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString(),
    limit: options.limit ?? 25,
    storeId: options.storeId,
  });
  let delivered = 0;
  let failed = 0;
  await Promise.all(
    claimed.map(async (row) => {
      const ok = await attempt(env, row, now, send);
      if (ok) delivered++;
      else failed++;
    }),
  );
  return { delivered, failed };
}

async function attempt(env: Env, row: ClaimedDelivery, now: Date, send: NonNullable<DeliverOptions["send"]>): Promise<boolean> {
  if (row.endpoint_id === KLAVIYO_DESTINATION) return attemptKlaviyo(env, row, now, send);
  const { payload, endpoint } = await deliveryToSend(env.DB, row);
  const number = row.attempts + 1;
  const started = Date.now();
  let status: number | null = null;
  let error: string | null = null;
  // Checked again at every send, so an endpoint stored before the check (or written around the CLI)
  // cannot make the worker call an internal address; such a delivery fails at once, for good.
  const target = endpoint && checkWebhookTarget(endpoint.url, { allowLoopback: allowLoopback(env) });
  if (!payload || !endpoint) {
    error = DELIVERY_ERRORS.endpointGone;
  } else if (target && !target.ok) {
    error = `${DELIVERY_ERRORS.addressRefused}: ${target.reason}`;
  } else {
    ({ status, error } = await postSigned(env, endpoint, row.event_id, payload, now, send));
  }
  const ok = error === null;
  const delay = RETRY_DELAYS_S[number - 1];
  const next =
    ok || delay === undefined || !payload || !endpoint || !target?.ok ? null : new Date(now.getTime() + delay * 1000).toISOString();
  await recordAttempt(env.DB, row, {
    number,
    at: now.toISOString(),
    status,
    error,
    durationMs: Date.now() - started,
    deliveredAt: ok ? now.toISOString() : null,
    nextAttemptAt: next,
  });
  return ok;
}

/**
 * One signed POST of an event to an endpoint whose URL has passed the check: the HTTP status (null
 * without an answer) and what went wrong (null for a 2xx). The delivery above and a test delivery
 * (services/webhook-endpoints.ts) send through here, so a test is signed exactly as every event is.
 */
export async function postSigned(
  env: Env,
  endpoint: { url: string; secret_sealed: string },
  eventId: string,
  payload: string,
  now: Date,
  send: NonNullable<DeliverOptions["send"]> = (url, init) => fetch(url, init),
): Promise<{ status: number | null; error: string | null }> {
  let status: number | null = null;
  let error: string | null = null;
  try {
    const secret = (await openJson<{ secret: string }>(env.DOORSTEP_SECRET_KEY, endpoint.secret_sealed)).secret;
    const timestamp = Math.floor(now.getTime() / 1000);
    const res = await send(endpoint.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Doorstep-Webhooks/1",
        "Doorstep-Event-Id": eventId,
        "Doorstep-Timestamp": String(timestamp),
        "Doorstep-Signature": await signOutbound(secret, timestamp, payload),
      },
      body: payload,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: "manual",
    });
    status = res.status;
    await res.body?.cancel();
    if (status < 200 || status >= 300) error = `HTTP ${status}`;
  } catch (err) {
    error = err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 300) : "request failed";
  }
  return { status, error };
}

/** An event to the store's Klaviyo: 429 waits as Klaviyo says, 5xx and network errors back off, other refusals are final. */
async function attemptKlaviyo(env: Env, row: ClaimedDelivery, now: Date, send: NonNullable<DeliverOptions["send"]>): Promise<boolean> {
  const number = row.attempts + 1;
  const started = Date.now();
  const { status, outcome, also } = await sendToKlaviyo(env, row, now, send);
  const wait = outcome.kind !== "retry" || number >= MAX_ATTEMPTS ? undefined : (outcome.afterSeconds ?? RETRY_DELAYS_S[number - 1]);
  await recordAttempt(
    env.DB,
    row,
    {
      number,
      at: now.toISOString(),
      status,
      error: outcome.kind === "delivered" ? null : outcome.error,
      durationMs: Date.now() - started,
      deliveredAt: outcome.kind === "delivered" ? now.toISOString() : null,
      nextAttemptAt: wait === undefined ? null : new Date(now.getTime() + wait * 1000).toISOString(),
    },
    also,
  );
  return outcome.kind === "delivered";
}
