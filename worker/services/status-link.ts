/**
 * Support sends a shopper their order's status link again (issue 26): a `status_link` lifecycle moment,
 * due now, decided and queued like every moment (services/lifecycle-moments.ts) for the store's webhook
 * endpoints and Klaviyo, which write the message. It is a service message: it follows the shopper's
 * delivery-update choice (none: not sent) and never asks for marketing consent. A second request within
 * the window answers the first one's outcome and sends nothing, so a double click sends once.
 */
import type { AuditActor, StatusLinkResent } from "../../contract/self-service.ts";
import type { Store } from "../domain/records.ts";
import { statusUrl } from "../domain/status-url.ts";
import { getStoredOrder } from "../storage/admin-orders.ts";
import { auditStatement } from "../storage/audit.ts";
import { applyChanges } from "../storage/changes.ts";
import { recentStatusLink, statusLinkRequestStatement } from "../storage/lifecycle.ts";
import { emitDueMoments } from "./lifecycle-moments.ts";

/** Requests within this long of the last one are the same request. */
export const RESEND_WINDOW_MS = 2 * 60_000;

/** The outcome, or null when the store has no such order (by id). */
export async function resendStatusLink(
  env: Env,
  store: Store,
  orderId: string,
  actor: AuditActor,
  now = new Date(),
): Promise<StatusLinkResent | null> {
  const order = await getStoredOrder(env.DB, store.id, orderId);
  if (!order || order.id !== orderId) return null;
  const iso = now.toISOString();
  const since = new Date(now.getTime() - RESEND_WINDOW_MS).toISOString();
  const [asked] = await applyChanges(env.DB, [statusLinkRequestStatement(store.id, order.id, order.customerId, iso, iso, since)]);
  const repeated = !asked?.meta.changes;
  const recent = await recentStatusLink(env.DB, store.id, order.id, since);
  if (!recent) return null;
  // Settled at once, not by the next cron: support sees what happened. A repeat settles nothing new
  // (the claim is one statement: a moment already settled is not due any more).
  await emitDueMoments(env, { now, storeId: store.id, only: { orderId: order.id, kind: "status_link", ref: recent.ref } });
  const settled = (await recentStatusLink(env.DB, store.id, order.id, since)) ?? recent;
  const answer: StatusLinkResent = {
    orderId: order.id,
    status: settled.status === "sent" ? "sent" : "suppressed",
    reason: settled.status === "sent" ? null : (settled.reason ?? settled.status),
    channel: settled.channel,
    eventId: settled.eventId,
    statusUrl: order.token ? statusUrl(store.statusPageUrl, store.primaryOrigin, order.token) : null,
    requestedAt: settled.requestedAt,
    repeated,
  };
  // Recorded once per request that wrote (a repeat changed nothing); after the send, with its outcome.
  if (!repeated) {
    await applyChanges(env.DB, [
      auditStatement(
        store.id,
        actor,
        {
          action: "order.status_link_sent",
          target: order.id,
          before: null,
          after: { status: answer.status, reason: answer.reason, channel: answer.channel },
        },
        iso,
      ),
    ]);
  }
  return answer;
}
