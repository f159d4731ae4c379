import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { DeliveriesAnswer, DeliveryProblem, DestinationCounts } from "../contract/outbound.ts";
import { getConnections, getDeliveries, type Connection } from "./api.ts";
import { count, dateTime } from "./format.ts";

/** The most the section asks for (the API's default); more than that, and it says so. */
const LISTED = 50;

const EVENT_NAMES: Record<string, string> = {
  "survey.submitted": "Survey answered",
  "survey.detractor": "Unhappy survey answer",
  "review.created": "Review written",
};

/** `moment.order_confirmed` → "Order confirmed". */
export function eventInWords(type: string): string {
  const named = EVENT_NAMES[type];
  if (named) return named;
  const words = type.replace(/^moment\./, "").replace(/[._]/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "Klaviyo", or a webhook endpoint by its URL's host (its id when the endpoint is gone). */
export const destinationName = (d: { destination: string; host: string | null }) =>
  d.destination === "klaviyo" ? "Klaviyo" : `Webhook to ${d.host ?? d.destination}`;

/**
 * What went wrong, in words a merchant can act on, from the error an attempt recorded
 * (services/outbound-delivery.ts, services/klaviyo-delivery.ts, domain/klaviyo.ts).
 */
export function inPlainWords(destination: string, error: string | null): string {
  const klaviyo = destination === "klaviyo";
  const who = klaviyo ? "Klaviyo" : "Your endpoint";
  if (!error) return "No reason was recorded.";
  if (error.startsWith("cancelled: marketing consent withdrawn")) return "Stopped: the shopper withdrew marketing consent.";
  if (error === "Klaviyo is not connected") return "Klaviyo was disconnected before this could be sent.";
  if (error === "the customer was erased") return "The customer's data was erased, so there was nothing to send.";
  if (error.endsWith("no longer exists")) return "The endpoint or the message was removed before it could be sent.";
  if (error.startsWith("endpoint URL refused"))
    return "The endpoint's address is not allowed: it must be a public https:// address. Register it again with webhook:add.";
  if (error.startsWith("no email, phone or customer id"))
    return "Klaviyo needs an email, a phone number or a customer id to know who this is for, and the order has none.";
  if (error.startsWith("no Klaviyo metric")) return "Doorstep has no Klaviyo metric for this kind of message.";
  if (error.startsWith("TimeoutError")) return `${who} did not answer within 10 seconds.`;
  const status = Number(/^HTTP (\d{3})\b/.exec(error)?.[1]);
  if (!status) return `Doorstep could not reach ${klaviyo ? "Klaviyo" : "your endpoint"} (no answer came back).`;
  if (status === 401)
    return klaviyo
      ? "Klaviyo refused the API key: it was revoked, deleted or mistyped. Connect Klaviyo again with a valid private key."
      : "Your endpoint refused the request as unauthorised (HTTP 401).";
  if (status === 403)
    return klaviyo
      ? "The Klaviyo API key may not create events: give it the events:write scope (or use a full-access key), then connect again."
      : "Your endpoint refused the request as forbidden (HTTP 403).";
  if (status === 429) return `${who} asked Doorstep to slow down (too many requests).`;
  if (status === 408 || status >= 500) return `${who} had a problem of its own (HTTP ${status}).`;
  if (status === 404 || status === 410) return `${who}'s address was not found (HTTP ${status}): check the URL.`;
  if (status >= 300 && status < 400)
    return `${who} answered with a redirect (HTTP ${status}); Doorstep does not follow redirects, so register the final address.`;
  if (klaviyo && (status === 400 || status === 422)) return `Klaviyo refused the event as invalid (HTTP ${status}).`;
  return `${who} refused it (HTTP ${status}).`;
}

const tries = (n: number) => `${count(n)} ${n === 1 ? "try" : "tries"}`;

/** A connection's last error is recorded as `event.type: error`. */
function splitConnectionError(error: string): { eventType?: string; error: string } {
  const m = /^([a-z]+\.[a-z_]+): (.*)$/s.exec(error);
  return m ? { eventType: m[1], error: m[2]! } : { error };
}

/**
 * Messages to the store's tools (its Klaviyo account, its webhook endpoints): how the last 7 days'
 * went per destination, each message that failed for good or is being retried with what went wrong in
 * plain words, and the Klaviyo connection's last error. Advisory: if it cannot be fetched, the rest
 * of the dashboard stands.
 */
export function MessagesSection({ credential }: { credential: string }) {
  const [answer, setAnswer] = useState<DeliveriesAnswer>();
  const [destinations, setDestinations] = useState<Connection[]>([]);
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    Promise.all([getDeliveries(credential), getConnections(credential)]).then(
      ([d, c]) => (setAnswer(d), setDestinations(c.connections.filter((x) => x.kind === "destination")), setProblem(undefined)),
      (e: Error) => setProblem(e.message),
    );
  }, [credential]);
  const failed = answer?.counts.reduce((n, c) => n + c.failed, 0) ?? 0;
  const retrying = answer?.counts.reduce((n, c) => n + c.retrying, 0) ?? 0;
  return (
    <section aria-labelledby="messages" class="messages">
      <h2 id="messages">Messages to your tools</h2>
      {problem && (
        <p role="alert" class="problem">
          {problem}
        </p>
      )}
      {!answer ? (
        !problem && <p aria-busy="true">Loading…</p>
      ) : (
        <>
          {destinations.map((c) => (
            <ConnectionLine key={c.platform} connection={c} />
          ))}
          {answer.counts.length === 0 ? (
            <p>
              Nothing was sent to your tools in the last 7 days. Connect Klaviyo with <code>store:connect</code>, or add a webhook endpoint
              with <code>webhook:add</code>.
            </p>
          ) : (
            <>
              <p>
                In the last 7 days: {count(failed)} {failed === 1 ? "message" : "messages"} failed for good, {count(retrying)}{" "}
                {retrying === 1 ? "is" : "are"} being retried.
              </p>
              <CountsTable counts={answer.counts} />
            </>
          )}
          {answer.deliveries.length > 0 ? (
            <ProblemsTable deliveries={answer.deliveries} />
          ) : (
            answer.counts.length > 0 && <p>No message failed or is waiting for a retry.</p>
          )}
        </>
      )}
    </section>
  );
}

function ConnectionLine({ connection: c }: { connection: Connection }) {
  const name = c.platform === "klaviyo" ? "Klaviyo" : c.platform;
  const last = c.lastError ? splitConnectionError(c.lastError) : undefined;
  const recovered = !!(c.lastErrorAt && c.lastOutAt && c.lastOutAt > c.lastErrorAt);
  return (
    <div class="connection">
      <h3>{name}</h3>
      <p>
        {c.status === "active" ? "Connected" : c.status === "paused" ? "Paused" : "Disconnected"} · last message delivered{" "}
        {c.lastOutAt ? <time dateTime={c.lastOutAt}>{dateTime(c.lastOutAt)}</time> : "never"}
      </p>
      {last && c.lastErrorAt && (
        <p>
          <strong>Last error</strong>, <time dateTime={c.lastErrorAt}>{dateTime(c.lastErrorAt)}</time>
          {last.eventType && <> ({eventInWords(last.eventType).toLowerCase()})</>}: {inPlainWords(c.platform, last.error)}
          {recovered && " Messages have gone through since."} <span class="muted raw">{last.error}</span>
        </p>
      )}
    </div>
  );
}

/**
 * A table that scrolls sideways on its own when a phone is narrower than it, rather than the page:
 * focusable, so the keyboard can scroll it too, and named by the table's caption.
 */
function Scroller({ id, children }: { id: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to be scrolled by keyboard (WCAG 2.1.1)
    <section class="scroll" aria-labelledby={id} tabIndex={0}>
      {children}
    </section>
  );
}

const OUTCOMES: [keyof Omit<DestinationCounts, "destination" | "host">, string][] = [
  ["delivered", "Delivered"],
  ["retrying", "Being retried"],
  ["failed", "Failed for good"],
  ["cancelled", "Stopped: consent withdrawn"],
];

/** One column per destination (a store has one or two, so it fits a phone), one row per outcome. */
function CountsTable({ counts }: { counts: DestinationCounts[] }) {
  return (
    <Scroller id="messages-counts">
      <table class="counts">
        <caption id="messages-counts">Last 7 days, by destination</caption>
        <thead>
          <tr>
            <td />
            {counts.map((c) => (
              <th scope="col" key={c.destination}>
                {destinationName(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {OUTCOMES.map(([key, label]) => (
            <tr key={key}>
              <th scope="row">{label}</th>
              {counts.map((c) => (
                <td key={c.destination}>{count(c[key])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </Scroller>
  );
}

function ProblemsTable({ deliveries }: { deliveries: DeliveryProblem[] }) {
  return (
    <>
      <Scroller id="messages-problems">
        <table>
          <caption id="messages-problems">Messages that failed or are being retried, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Message</th>
              <th scope="col" class="text">
                Sent to
              </th>
              <th scope="col" class="text">
                What happened
              </th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={`${d.destination}|${d.eventId}`}>
                <th scope="row">
                  {eventInWords(d.eventType)}
                  {d.orderId && <span class="muted id"> · order {d.orderId}</span>}
                </th>
                <td class="text">{destinationName(d)}</td>
                <td class="text">
                  <strong class="state">
                    {d.state === "failed" ? (
                      <>
                        Failed after {tries(d.attempts)}, last <time dateTime={d.lastAttempt.at}>{dateTime(d.lastAttempt.at)}</time>
                      </>
                    ) : (
                      <>
                        Retrying ({tries(d.attempts)} so far), next{" "}
                        {d.nextAttemptAt ? <time dateTime={d.nextAttemptAt}>{dateTime(d.nextAttemptAt)}</time> : "soon"}
                      </>
                    )}
                  </strong>{" "}
                  {inPlainWords(d.destination, d.lastAttempt.error)}
                  {d.lastAttempt.error && <span class="muted raw"> {d.lastAttempt.error}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroller>
      {deliveries.length >= LISTED && <p class="muted">Showing the newest {LISTED}.</p>}
    </>
  );
}
