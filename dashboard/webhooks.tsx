/**
 * The store's webhook endpoints (GET/POST /v1/admin/webhooks, PATCH/DELETE …/{id}): add one with its
 * events, pause and resume, rotate the signing secret (shown once), delete after confirming, send a
 * test, and each endpoint's delivery log with every attempt's status and answer time.
 */
import { useEffect, useState } from "preact/hooks";
import { OUTBOUND_EVENT_TYPES, type OutboundEventType } from "../contract/outbound.ts";
import type {
  WebhookDeliveryLog,
  WebhookEndpointsAnswer,
  WebhookEndpointView,
  WebhookEndpointWithSecret,
  WebhookTestResult,
} from "../contract/self-service.ts";
import type { Access } from "./access.ts";
import { Scroll } from "./scroll.tsx";
import { type AdminError, adminCall, sending } from "./api.ts";
import { problemsByField } from "./settings.tsx";
import { eventInWords } from "./vocabulary.ts";
import { wordsOf } from "./words.ts";
import { webhooksWords } from "./words/webhooks.ts";

const say = wordsOf(webhooksWords);

const path = (id: string) => `/v1/admin/webhooks/${encodeURIComponent(id)}`;
export const listWebhooks = (c: string) => adminCall<WebhookEndpointsAnswer>("/v1/admin/webhooks", c);
export const addWebhook = (c: string, url: string, events: OutboundEventType[]) =>
  adminCall<WebhookEndpointWithSecret>("/v1/admin/webhooks", c, sending("POST", { url, events }));
export const patchWebhook = (c: string, id: string, patch: { paused?: boolean; rotateSecret?: true; events?: OutboundEventType[] }) =>
  adminCall<WebhookEndpointView | WebhookEndpointWithSecret>(path(id), c, sending("PATCH", patch));
export const deleteWebhook = (c: string, id: string) => adminCall<unknown>(path(id), c, sending("DELETE"));
export const testWebhook = (c: string, id: string) => adminCall<WebhookTestResult>(`${path(id)}/test`, c, sending("POST"));
export const webhookLog = (c: string, id: string) => adminCall<WebhookDeliveryLog>(`${path(id)}/deliveries?limit=50`, c);

/** An attempt's answer: its HTTP status, else the error met (the server's words), else none. */
const answerInWords = (a: { status: number | null; error: string | null }) =>
  a.status ? say("httpStatus", { status: a.status }) : (a.error ?? say("noAnswer"));
const attemptInWords = (a: { status: number | null; error: string | null; durationMs: number }) =>
  say("attemptIn", { answer: answerInWords(a), ms: a.durationMs });
/** An endpoint's events: every one, or those it takes, by name. */
const eventsInWords = (events: OutboundEventType[]) =>
  events.length === OUTBOUND_EVENT_TYPES.length ? say("everyEvent") : events.map(eventInWords).join(say("eventSeparator"));

/** A secret shown this once, with a button to copy it. */
export function ShownOnce({ label, value, onDone }: { label: string; value: string; onDone(): void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="notice" role="status">
      <p>
        <strong>{label}</strong> {say("shownOnce")}
      </p>
      <p>
        <code class="secret">{value}</code>
      </p>
      <p>
        <button
          type="button"
          onClick={() =>
            navigator.clipboard?.writeText(value).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? say("copied") : say("copy")}
        </button>{" "}
        <button type="button" class="quiet" onClick={onDone}>
          {say("done")}
        </button>
      </p>
    </div>
  );
}

export function WebhooksScreen({ credential }: { credential: string; access: Access }) {
  const [endpoints, setEndpoints] = useState<WebhookEndpointView[]>();
  const [error, setError] = useState<string>();
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [secret, setSecret] = useState<{ label: string; value: string }>();
  const [events, setEvents] = useState<Set<OutboundEventType>>(new Set(OUTBOUND_EVENT_TYPES));
  const [log, setLog] = useState<{ id: string; answer?: WebhookDeliveryLog }>();
  const [note, setNote] = useState<string>();
  const refresh = () =>
    listWebhooks(credential).then(
      (a) => (setEndpoints(a.endpoints), setError(undefined)),
      (e: AdminError) => setError(e.message),
    );
  useEffect(() => void refresh(), [credential]);
  const act = (p: Promise<unknown>, done?: string) =>
    p.then(
      () => (setNote(done), refresh()),
      (e: AdminError) => setError(e.message),
    );
  const showLog = (id: string) => {
    setLog({ id });
    webhookLog(credential, id).then(
      (answer) => setLog({ id, answer }),
      (e: AdminError) => setError(e.message),
    );
  };
  return (
    <>
      <section aria-labelledby="endpoints">
        <h2 id="endpoints">{say("heading")}</h2>
        {error && (
          <p role="alert" class="problem">
            {error}
          </p>
        )}
        <p role="status">{note}</p>
        {secret && <ShownOnce label={secret.label} value={secret.value} onDone={() => setSecret(undefined)} />}
        {!endpoints ? (
          <p aria-busy="true">{say("loading")}</p>
        ) : endpoints.length === 0 ? (
          <p>{say("noEndpoints")}</p>
        ) : (
          <ul class="endpoints">
            {endpoints.map((e) => (
              <li key={e.id} class="connection">
                <h3>
                  {e.host} {e.paused && <span class="muted">{say("paused")}</span>}
                </h3>
                <p class="muted">
                  <code>{e.url ?? e.host}</code>
                </p>
                <p>
                  {e.lastAttempt
                    ? say("endpointLineWithAttempt", {
                        events: eventsInWords(e.events),
                        pending: e.pending,
                        attempt: attemptInWords(e.lastAttempt),
                      })
                    : say("endpointLine", { events: eventsInWords(e.events), pending: e.pending })}
                </p>
                <p class="actions">
                  <button
                    type="button"
                    class="quiet"
                    onClick={() =>
                      act(
                        patchWebhook(credential, e.id, { paused: !e.paused }),
                        e.paused ? say("resumedNote", { host: e.host }) : say("pausedNote", { host: e.host }),
                      )
                    }
                  >
                    {e.paused ? say("resume") : say("pause")} <span class="visually-hidden">{e.host}</span>
                  </button>
                  <button
                    type="button"
                    class="quiet"
                    onClick={() =>
                      testWebhook(credential, e.id).then(
                        (r) => (
                          setNote(say(r.delivered ? "testDelivered" : "testNotDelivered", { host: e.host, attempt: attemptInWords(r) })),
                          refresh()
                        ),
                        (err: AdminError) => setError(err.message),
                      )
                    }
                  >
                    {say("sendTest")} <span class="visually-hidden">{say("sendTestTo", { host: e.host })}</span>
                  </button>
                  <button
                    type="button"
                    class="quiet"
                    onClick={() =>
                      confirm(say("confirmRotate", { host: e.host })) &&
                      patchWebhook(credential, e.id, { rotateSecret: true }).then(
                        (r) => (
                          "secret" in r ? setSecret({ label: say("newSecretFor", { host: e.host }), value: r.secret }) : undefined,
                          refresh()
                        ),
                        (err: AdminError) => setError(err.message),
                      )
                    }
                  >
                    {say("rotateSecret")} <span class="visually-hidden">{say("ofHost", { host: e.host })}</span>
                  </button>
                  <button
                    type="button"
                    class="quiet"
                    aria-expanded={log?.id === e.id}
                    onClick={() => (log?.id === e.id ? setLog(undefined) : showLog(e.id))}
                  >
                    {say("deliveryLog")} <span class="visually-hidden">{say("ofHost", { host: e.host })}</span>
                  </button>
                  <button
                    type="button"
                    class="quiet danger"
                    onClick={() =>
                      confirm(say("confirmDelete", { host: e.host })) &&
                      act(deleteWebhook(credential, e.id), say("deletedNote", { host: e.host }))
                    }
                  >
                    {say("delete")} <span class="visually-hidden">{e.host}</span>
                  </button>
                </p>
                {log?.id === e.id && <DeliveryLog host={e.host} answer={log.answer} />}
              </li>
            ))}
          </ul>
        )}
      </section>
      <form
        class="settings"
        aria-labelledby="add-endpoint"
        onSubmit={(ev) => {
          ev.preventDefault();
          const form = ev.currentTarget;
          const url = String(new FormData(form).get("url") ?? "").trim();
          addWebhook(credential, url, [...events]).then(
            (r) => (
              setSecret({ label: say("secretFor", { host: r.host }), value: r.secret }),
              setProblems({}),
              setError(undefined),
              form.reset(),
              refresh()
            ),
            (err: AdminError) => (setProblems(problemsByField(err)), setError(err.message)),
          );
        }}
      >
        <h2 id="add-endpoint">{say("addHeading")}</h2>
        <p class="field">
          <label for="endpoint-url">{say("urlLabel")}</label>
          <span class="muted" id="endpoint-url-hint">
            {say("urlHint")}
          </span>
          <input
            id="endpoint-url"
            name="url"
            type="url"
            required
            aria-invalid={problems.url ? "true" : undefined}
            aria-describedby={problems.url ? "endpoint-url-hint endpoint-url-problem" : "endpoint-url-hint"}
          />
          {problems.url && (
            <span class="problem" id="endpoint-url-problem">
              {problems.url}
            </span>
          )}
        </p>
        <fieldset>
          <legend>{say("events")}</legend>
          <div class="checks">
            {OUTBOUND_EVENT_TYPES.map((type) => (
              <p class="field check" key={type}>
                <input
                  id={`event-${type}`}
                  type="checkbox"
                  checked={events.has(type)}
                  onChange={(ev) => {
                    const next = new Set(events);
                    ev.currentTarget.checked ? next.add(type) : next.delete(type);
                    setEvents(next);
                  }}
                />
                <label for={`event-${type}`}>
                  {eventInWords(type)} <code>{type}</code>
                </label>
              </p>
            ))}
          </div>
        </fieldset>
        <button type="submit" disabled={events.size === 0}>
          {say("addEndpoint")}
        </button>
      </form>
    </>
  );
}

function DeliveryLog({ host, answer }: { host: string; answer?: WebhookDeliveryLog }) {
  if (!answer) return <p aria-busy="true">{say("loadingLog")}</p>;
  if (answer.attempts.length === 0) return <p>{say("nothingDelivered", { host })}</p>;
  return (
    <Scroll label={say("logLabel", { host })}>
      <table>
        <caption>{say("logCaption", { host, pending: answer.pending })}</caption>
        <thead>
          <tr>
            <th scope="col">{say("whenColumn")}</th>
            <th scope="col">{say("eventColumn")}</th>
            <th scope="col">{say("attemptColumn")}</th>
            <th scope="col">{say("answerColumn")}</th>
            <th scope="col">{say("timeColumn")}</th>
          </tr>
        </thead>
        <tbody>
          {answer.attempts.map((a) => (
            <tr key={`${a.eventId}-${a.attempt}`}>
              <th scope="row">{new Date(a.at).toLocaleString()}</th>
              <td>{a.eventType ? eventInWords(a.eventType) : a.eventId}</td>
              <td>{a.attempt}</td>
              <td>{answerInWords(a)}</td>
              <td>{say("duration", { ms: a.durationMs })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}
