import { useEffect, useState } from "preact/hooks";
import type { DeadLettersAnswer, DeadLetterView } from "../contract/admin.ts";
import type { Access } from "./access.ts";
import { can } from "./access.ts";
import { adminCall, sending } from "./api.ts";
import { count, dateTime } from "./format.ts";
import { valueWords, wordsOf } from "./words.ts";
import { deadLettersWords } from "./words/dead-letters.ts";

const say = wordsOf(deadLettersWords);

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
    return say("tooLarge", { queue: d.queue });
  }
  const order = typeof body?.orderId === "string" ? say("onOrder", { orderId: body.orderId }) : "";
  const event = body?.event as { type?: unknown; target?: unknown } | undefined;
  if (event && typeof event.type === "string") {
    const what = typeof event.target === "string" ? say("eventWithTarget", { type: event.type, target: event.target }) : event.type;
    return say("shopperActivity", { order, what });
  }
  const vendor = body?.vendor ?? body?.platform;
  if (typeof vendor === "string")
    return body?.kind === "platform" && typeof body.topic === "string"
      ? say("vendorWebhook", { vendor: vendorName(vendor), topic: body.topic, order })
      : say("vendorUpdate", { vendor: vendorName(vendor), order });
  return say("onQueue", { queue: d.queue, order });
}

/** Who sent a webhook: a tracking aggregator or the store's platform. */
export const vendorName = valueWords(deadLettersWords, {
  easypost: "vendorEasypost",
  aftership: "vendorAftership",
  shopify: "vendorShopify",
  woocommerce: "vendorWoocommerce",
});

/** Why a message was kept instead of written. */
export const deadLetterReasonInWords = valueWords(deadLettersWords, {
  invalid_message: "reasonInvalidMessage",
  retries_exhausted: "reasonRetriesExhausted",
  cannot_apply: "reasonCannotApply",
} satisfies Record<DeadLetterView["reason"], keyof typeof deadLettersWords>);

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
      () => (setStatus({ id: d.id, text: say("sentAgain", { message: messageInWords(d) }), ok: true }), load()),
      (e: Error) => setStatus({ id: d.id, text: say("refused", { message: messageInWords(d), error: e.message }), ok: false }),
    );
  return (
    <section aria-labelledby="dead-letters" class="dead-letters">
      <h2 id="dead-letters">{say("heading")}</h2>
      <p>{say.count(answer.total, "keptOne", "keptOther")}</p>
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
              <time dateTime={d.at}>{dateTime(d.at)}</time> · {deadLetterReasonInWords(d.reason)} <span class="muted raw">{d.detail}</span>
            </p>
            {mayReplay && replayable(d) && (
              // Named with the message it sends (its visible words first: WCAG 2.5.3), as a list holds several.
              <button type="button" onClick={() => replay(d)} aria-label={say("sendAgainNamed", { message: messageInWords(d) })}>
                {say("sendAgain")}
              </button>
            )}
          </li>
        ))}
      </ul>
      {answer.total > answer.deadLetters.length && <p class="muted">{say("showingNewest", { count: count(answer.deadLetters.length) })}</p>}
    </section>
  );
}
