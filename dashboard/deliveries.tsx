import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { DELIVERY_ERRORS } from "../contract/delivery-errors.ts";
import type { DeliveriesAnswer, DeliveryProblem, DestinationCounts } from "../contract/outbound.ts";
import { getConnections, getDeliveries, type Connection } from "./api.ts";
import { count, dateTime } from "./format.ts";
import { midSentence } from "./language.ts";
import { eventInWords } from "./vocabulary.ts";
import { valueWords, wordsOf } from "./words.ts";
import { deliveriesWords } from "./words/deliveries.ts";

const say = wordsOf(deliveriesWords);

/** The most the section asks for (the API's default); more than that, and it says so. */
const LISTED = 50;

/** A destination's connection: connected, paused, or disconnected (by the provider). */
export const destinationStatusInWords = valueWords(deliveriesWords, {
  active: "connected",
  paused: "paused",
  disconnected: "disconnected",
} satisfies Record<Connection["status"], keyof typeof deliveriesWords>);

/** "Klaviyo", or a webhook endpoint by its URL's host (its id when the endpoint is gone). */
export const destinationName = (d: { destination: string; host: string | null }) =>
  d.destination === "klaviyo" ? say("klaviyo") : say("webhookTo", { host: d.host ?? d.destination });

/**
 * What went wrong, in words a merchant can act on, from the error an attempt recorded
 * (contract/delivery-errors.ts; what a remote answered, `HTTP <status>`, and timeouts on top).
 */
export function inPlainWords(destination: string, error: string | null): string {
  const klaviyo = destination === "klaviyo";
  const who = klaviyo ? say("klaviyo") : say("yourEndpoint");
  if (!error) return say("noReason");
  const is = (reason: keyof typeof DELIVERY_ERRORS) => error.startsWith(DELIVERY_ERRORS[reason]);
  if (is("consentWithdrawn")) return say("consentWithdrawn");
  if (is("klaviyoDisconnected")) return say("klaviyoDisconnected");
  if (is("customerErased")) return say("customerErased");
  if (is("endpointGone") || is("eventGone")) return say("removed");
  if (is("addressRefused")) return say("addressRefused");
  if (is("noProfile")) return say("noProfile");
  if (is("noMetric")) return say("noMetric");
  if (error.startsWith("TimeoutError")) return say("timedOut", { who });
  const status = Number(/^HTTP (\d{3})\b/.exec(error)?.[1]);
  if (!status) return say("unreachable", { who: klaviyo ? say("klaviyo") : say("yourEndpointInSentence") });
  if (status === 401) return klaviyo ? say("klaviyoKeyRefused") : say("endpointUnauthorised");
  if (status === 403) return klaviyo ? say("klaviyoKeyScope") : say("endpointForbidden");
  if (status === 429) return say("slowDown", { who });
  if (status === 408 || status >= 500) return say("ownProblem", { who, status });
  if (status === 404 || status === 410) return say("notFound", { who, status });
  if (status >= 300 && status < 400) return say("redirect", { who, status });
  if (klaviyo && (status === 400 || status === 422)) return say("klaviyoInvalid", { status });
  return say("refused", { who, status });
}

const tries = (n: number) => say.count(n, "triesOne", "triesOther");

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
      <h2 id="messages">{say("heading")}</h2>
      {problem && (
        <p role="alert" class="problem">
          {problem}
        </p>
      )}
      {!answer ? (
        !problem && <p aria-busy="true">{say("loading")}</p>
      ) : (
        <>
          {destinations.map((c) => (
            <ConnectionLine key={c.platform} connection={c} />
          ))}
          {answer.counts.length === 0 ? (
            <p>
              {say("nothingSentBefore")}
              <code>{say("connectCommand")}</code>
              {say("nothingSentBetween")}
              <code>{say("addEndpointCommand")}</code>
              {say("nothingSentAfter")}
            </p>
          ) : (
            <>
              <p>
                {say("lastWeek", {
                  failed: say.count(failed, "failedOne", "failedOther"),
                  retrying: say.count(retrying, "retryingOne", "retryingOther"),
                })}
              </p>
              <CountsTable counts={answer.counts} />
            </>
          )}
          {answer.deliveries.length > 0 ? (
            <ProblemsTable deliveries={answer.deliveries} />
          ) : (
            answer.counts.length > 0 && <p>{say("noProblem")}</p>
          )}
        </>
      )}
    </section>
  );
}

function ConnectionLine({ connection: c }: { connection: Connection }) {
  const name = c.platform === "klaviyo" ? say("klaviyo") : c.platform;
  const last = c.lastError ? splitConnectionError(c.lastError) : undefined;
  const recovered = !!(c.lastErrorAt && c.lastOutAt && c.lastOutAt > c.lastErrorAt);
  return (
    <div class="connection">
      <h3>{name}</h3>
      <p>
        {destinationStatusInWords(c.status)}
        {say("lastDelivered")}
        {c.lastOutAt ? <time dateTime={c.lastOutAt}>{dateTime(c.lastOutAt)}</time> : say("never")}
      </p>
      {last && c.lastErrorAt && (
        <p>
          <strong>{say("lastError")}</strong>, <time dateTime={c.lastErrorAt}>{dateTime(c.lastErrorAt)}</time>
          {last.eventType && <> ({midSentence(eventInWords(last.eventType))})</>}: {inPlainWords(c.platform, last.error)}
          {recovered && say("recovered")} <span class="muted raw">{last.error}</span>
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
  ["delivered", say("outcomeDelivered")],
  ["retrying", say("outcomeRetrying")],
  ["failed", say("outcomeFailed")],
  ["cancelled", say("outcomeCancelled")],
];

/** One column per destination (a store has one or two, so it fits a phone), one row per outcome. */
function CountsTable({ counts }: { counts: DestinationCounts[] }) {
  return (
    <Scroller id="messages-counts">
      <table class="counts">
        <caption id="messages-counts">{say("countsCaption")}</caption>
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
          <caption id="messages-problems">{say("problemsCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{say("message")}</th>
              <th scope="col" class="text">
                {say("sentTo")}
              </th>
              <th scope="col" class="text">
                {say("whatHappened")}
              </th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={`${d.destination}|${d.eventId}`}>
                <th scope="row">
                  {eventInWords(d.eventType)}
                  {d.orderId && <span class="muted id">{say("ofOrder", { orderId: d.orderId })}</span>}
                </th>
                <td class="text">{destinationName(d)}</td>
                <td class="text">
                  <strong class="state">
                    {d.state === "failed" ? (
                      <>
                        {say("failedAfter", { tries: tries(d.attempts) })}
                        <time dateTime={d.lastAttempt.at}>{dateTime(d.lastAttempt.at)}</time>
                      </>
                    ) : (
                      <>
                        {say("retryingNext", { tries: tries(d.attempts) })}
                        {d.nextAttemptAt ? <time dateTime={d.nextAttemptAt}>{dateTime(d.nextAttemptAt)}</time> : say("soon")}
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
      {deliveries.length >= LISTED && <p class="muted">{say("showingNewest", { count: count(LISTED) })}</p>}
    </>
  );
}
