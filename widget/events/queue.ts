/**
 * The widget's one event queue: at-least-once delivery from the browser, which the worker turns into
 * exactly-once rows (each event carries an id made when it happened).
 *
 * - Every event is written to localStorage before anything is sent, and removed only when the worker
 *   has answered for it (accepted, already recorded, or refused for good). A reload, a closed tab or a
 *   later visit sends what was left.
 * - Sends are batched (up to 50, one order token per request), debounced, flushed with a keepalive
 *   fetch when the page is hidden (a text/plain body: a simple request, without a CORS preflight), and
 *   retried with exponential backoff and full jitter; a 429's
 *   Retry-After is honoured.
 * - Bounded: at most MAX_STORED events are kept (the oldest go first) and events older than MAX_AGE
 *   are dropped, since the worker would refuse them anyway.
 * - Nothing here throws into the host page: storage and network failures become no-ops or retries.
 */

export interface QueuedEvent {
  id: string;
  type: string;
  target?: string;
  at: string;
}

interface Entry {
  api: string;
  token: string;
  event: QueuedEvent;
}

export const MAX_STORED = 500;
export const MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
const BATCH = 50;
// Short: taps come in bursts, and a shopper may leave seconds after the last one.
const DEBOUNCE_MS = 250;
const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 60_000;
const STORAGE_KEY = "doorstep:events:v1";

let memory: Entry[] = [];
let inFlight = false;
let attempt = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
let notBefore = 0;
let listening = false;
/** False once storage refused a write: from then on the in-memory copy is the queue. */
let storageWorks = true;

function load(): Entry[] {
  try {
    if (storageWorks) memory = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "[]") as Entry[];
  } catch {
    /* storage blocked or corrupt: keep what is in memory */
  }
  const oldest = Date.now() - MAX_AGE_MS;
  return (memory = memory.filter((e) => Date.parse(e?.event?.at) > oldest).slice(-MAX_STORED));
}

/** Stores `entries` (the newest MAX_STORED); re-read first by the caller, so events another tab added are kept. */
function save(entries: Entry[]) {
  memory = entries.slice(-MAX_STORED);
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(memory));
  } catch {
    // Quota or privacy mode: the in-memory copy still gets sent, just not across reloads.
    storageWorks = false;
  }
}

/** 128 random bits as 22 base64url characters: unique per event, made when the event happens. */
export const newEventId = (): string =>
  btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))))
    .replace(/=/g, "")
    .replace(/[+/]/g, (c) => (c == "+" ? "-" : "_"));

/** Records an event for an order and schedules a send. Returns the event's id. */
export function track(api: string, token: string, type: string, target?: string): string | undefined {
  try {
    const event: QueuedEvent = { id: newEventId(), type, at: new Date().toISOString() };
    if (target !== undefined) event.target = target;
    save([...load(), { api, token, event }]);
    listen(memory.length >= BATCH ? 0 : DEBOUNCE_MS);
    return event.id;
  } catch {
    return undefined;
  }
}

/** Sends whatever an earlier page left behind. */
export const resume = () => listen(load().length ? 0 : undefined);

/** Listens for the page being hidden or left (a last send) and for the network coming back, once; then
 * schedules a send in `delay` ms, if given. */
function listen(delay?: number) {
  if (!listening) {
    listening = true;
    document.addEventListener("visibilitychange", () => document.visibilityState == "hidden" && flush(true));
    addEventListener("pagehide", () => flush(true));
    addEventListener("online", () => schedule(0));
  }
  if (delay != undefined) schedule(delay);
}

function schedule(delay: number) {
  clearTimeout(timer);
  timer = setTimeout(flush, Math.max(delay, notBefore - Date.now()));
}

function backoff(retryAfterSeconds?: number) {
  attempt++;
  const delay = retryAfterSeconds ? retryAfterSeconds * 1000 : Math.random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
  notBefore = Date.now() + delay;
  schedule(delay);
}

/** Sends one batch (the oldest order's events first); on success goes on with the next. */
export async function flush(unloading?: boolean): Promise<void> {
  if (inFlight && !unloading) return;
  const entries = load();
  const head = entries[0];
  if (!head) return;
  const batch = entries.filter((e) => e.api === head.api && e.token === head.token).slice(0, BATCH);
  const ids = batch.map((e) => e.event.id);
  inFlight = true;
  try {
    const res = await fetch(`${head.api}/v1/o/${encodeURIComponent(head.token)}/events`, {
      method: "POST",
      // JSON, labelled text/plain: a CORS-safelisted type, so no preflight before each page's first post
      // (the worker parses and validates it as JSON all the same).
      headers: { "Content-Type": "text/plain" },
      body: JSON.stringify(batch.map((e) => e.event)),
      keepalive: true,
      credentials: "omit",
    });
    if (res.ok || [400, 403, 404, 413, 422].includes(res.status)) {
      // Answered for good: recorded now, recorded before, or refused in a way a resend cannot fix
      // (unknown order, invalid event). 422 events_rejected also recorded the valid ones. Removed from a
      // fresh read of the stored queue, so events another tab added meanwhile are kept.
      save(load().filter((e) => !ids.includes(e.event.id)));
      attempt = notBefore = 0;
      if (memory.length) schedule(0);
    } else if (res.status === 429) {
      backoff(Number(res.headers.get("Retry-After")) || 10);
    } else {
      backoff();
    }
  } catch {
    backoff();
  } finally {
    inFlight = false;
  }
}

/** For tests: how many events are waiting. */
export const pending = () => load().length;
