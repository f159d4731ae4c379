import { useEffect, useState } from "preact/hooks";
import type { DeadLettersAnswer, DeadLetterView } from "../contract/admin.ts";
import type { Access } from "./access.ts";
import { can } from "./access.ts";
import { adminCall, sending } from "./api.ts";
import { count, dateTime } from "./format.ts";

/**
 * What a kept message was, in a merchant's words, from its body (worker/services/event-queue.ts and the
 * webhook queue write them): a shopper's activity on an order, a carrier's tracking update, an order from
 * the store's platform. Anything else is named by its queue.
 */
export function messageInWords(d: Pick<DeadLetterView, "body" | "queue">): string {
  let body: Record<string, unknown> | null = null;
  try {
    const parsed: unknown = JSON.parse(d.body);
    if (parsed && typeof parsed === "object") body = parsed as Record<string, unknown>;
  } catch {
    return `A message too large to keep whole (queue ${d.queue})`;
  }
  const order = typeof body?.orderId === "string" ? ` on order ${body.orderId}` : "";
  const event = body?.event as { type?: unknown; target?: unknown } | undefined;
  if (event && typeof event.type === "string") {
    const what = typeof event.target === "string" ? `${event.type} (${event.target})` : event.type;
    return `Shopper activity${order}: ${what}`;
  }
  const vendor = body?.vendor ?? body?.platform;
  if (typeof vendor === "string")
    return `${vendorName(vendor)} ${body?.kind === "platform" && typeof body.topic === "string" ? `webhook (${body.topic})` : "update"}${order}`;
  return `A message on the ${d.queue} queue${order}`;
}

const VENDORS: Record<string, string> = {
  easypost: "EasyPost tracking",
  aftership: "AfterShip tracking",
  shopify: "Shopify",
  woocommerce: "WooCommerce",
};
const vendorName = (v: string) => VENDORS[v] ?? v;

const REASONS: Record<DeadLetterView["reason"], string> = {
  invalid_message: "Refused on arrival: it is not a message Doorstep can write, so it was not retried.",
  retries_exhausted: "Writing it kept failing until the queue stopped retrying. Once the cause is fixed, send it again.",
  cannot_apply: "It can never apply: its store connection was replaced or removed, or it no longer reads as the vendor's.",
};

/** A platform's webhook is not kept with its verification: a backfill fetches it again instead. */
const replayable = (d: DeadLetterView) => d.reason === "retries_exhausted" && !d.body.includes('"kind":"platform"');

/**
 * Messages that reached Doorstep but could not be written (issue 23): kept, never dropped, each with why,
 * and sent again with one button by those who may (owner and support; the server refuses the others).
 * Shown only when there is something to see: most stores never have one.
 */
export function DeadLettersSection({ credential, access }: { credential: string; access: Access }) {
  const [answer, setAnswer] = useState<DeadLettersAnswer>();
  const [status, setStatus] = useState<{ id: string; text: string; ok: boolean }>();
  const load = () => adminCall<DeadLettersAnswer>("/v1/admin/dead-letters", credential).then(setAnswer, () => {});
  useEffect(() => void load(), [credential]);
  if (!answer || answer.total === 0) return status ? <p role="status">{status.text}</p> : null;
  const mayReplay = can(access, "orders:write") && access.role !== "analyst";
  const replay = (d: DeadLetterView) =>
    adminCall(`/v1/admin/dead-letters/${encodeURIComponent(d.id)}/replay`, credential, sending("POST")).then(
      () => (setStatus({ id: d.id, text: `${messageInWords(d)}: sent again.`, ok: true }), load()),
      (e: Error) => setStatus({ id: d.id, text: `${messageInWords(d)}: ${e.message}`, ok: false }),
    );
  return (
    <section aria-labelledby="dead-letters" class="dead-letters">
      <h2 id="dead-letters">Messages Doorstep could not write</h2>
      <p>
        {count(answer.total)} {answer.total === 1 ? "message" : "messages"} reached Doorstep but could not be saved. Nothing was thrown
        away: each is kept here with the reason.
      </p>
      {status && (
        <p role={status.ok ? "status" : "alert"} class={status.ok ? undefined : "problem"}>
          {status.text}
        </p>
      )}
      <ul class="cards">
        {answer.deadLetters.map((d) => (
          <li key={d.id}>
            <h3>{messageInWords(d)}</h3>
            <p>
              <time dateTime={d.at}>{dateTime(d.at)}</time> · {REASONS[d.reason]} <span class="muted raw">{d.detail}</span>
            </p>
            {mayReplay && replayable(d) && (
              // Named with the message it sends (its visible words first: WCAG 2.5.3), as a list holds several.
              <button type="button" onClick={() => replay(d)} aria-label={`Send again: ${messageInWords(d)}`}>
                Send again
              </button>
            )}
          </li>
        ))}
      </ul>
      {answer.total > answer.deadLetters.length && <p class="muted">Showing the newest {answer.deadLetters.length}.</p>}
    </section>
  );
}
