/**
 * Posting a signed carrier webhook (EasyPost, AfterShip) to the worker in tests and waiting until the
 * webhooks queue's consumer has applied it (queue-driver.ts), then saying what it applied: what the
 * answer said before the queue (`replay`, `newUpdates`), read from D1 now that the answer is a 202.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { signedHeaders } from "../../scripts/lib/carrier-payloads.ts";
import worker from "../../worker/index.ts";
import { BASE } from "./fixtures.ts";
import { drain, heldQueue } from "./queue-driver.ts";

export type CarrierVendor = "easypost" | "aftership";

const eventCount = async (storeId: string) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM carrier_events WHERE store_id = ?`).bind(storeId).first<{ n: number }>())?.n ?? 0;

const deliveryStored = async (storeId: string, vendor: CarrierVendor, id: unknown) =>
  typeof id === "string" &&
  (await env.DB.prepare(`SELECT 1 FROM webhook_deliveries WHERE store_id = ? AND vendor = ? AND id = ?`)
    .bind(storeId, vendor, id)
    .first()) !== null;

/** The vendor's delivery id in a payload (EasyPost's Event id, AfterShip's event_id). */
const deliveryIdOf = (vendor: CarrierVendor, payload: unknown) =>
  (payload as Record<string, unknown> | null)?.[vendor === "easypost" ? "id" : "event_id"];

export interface PostedWebhook extends Response {
  /** What the consumer did with it: the delivery was stored before (`replay`), and how many carrier events it added. */
  applied: { replay: boolean; newUpdates: number };
  /** Messages the route enqueued. */
  queued: number;
}

export async function postCarrierWebhook(
  vendor: CarrierVendor,
  storeId: string,
  secret: string,
  payload: unknown,
  options: { tamper?: (body: string) => string; workerEnv?: Env } = {},
): Promise<PostedWebhook> {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  const headers = await signedHeaders(vendor, secret, body);
  const before = await eventCount(storeId);
  const replay = await deliveryStored(storeId, vendor, deliveryIdOf(vendor, payload));
  const queue = heldQueue();
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`${BASE}/v1/webhooks/${vendor}/${storeId}`, {
      method: "POST",
      headers,
      body: options.tamper ? options.tamper(body) : body,
    }),
    { ...(options.workerEnv ?? env), WEBHOOKS_QUEUE: queue },
    ctx,
  );
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  const queued = queue.held.length;
  await drain(queue);
  const applied = { replay, newUpdates: (await eventCount(storeId)) - before };
  return Object.assign(new Response(text, { status: res.status, headers: res.headers }), { applied, queued });
}
