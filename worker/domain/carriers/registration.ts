/**
 * Registering a parcel with a tracking aggregator, as each vendor documents it (pure: the request to
 * send, and what an answer means; services/parcel-registration.ts does the sending).
 *
 * EasyPost (docs.easypost.com/docs/trackers, /docs/errors): `POST {base}/trackers` with the API key as
 * the Basic auth user name and no password, body `{"tracker": {"tracking_code", "carrier"}}`; without a
 * carrier EasyPost detects it. It "prevents the creation of duplicate Trackers by returning the original
 * Tracker when the same User submits a request with the same tracking_code and carrier" (three months),
 * so a second registration is simply a 2xx. Errors are `{"error": {"code", "message", "errors"}}`.
 *
 * AfterShip Tracking API (aftership.com/docs/tracking, versions in the path, 2026-07 the latest):
 * `POST {base}/trackings` with the `as-api-key` header, body `{"tracking_number", "slug"}` (no wrapper
 * object since 2024-04; without a slug AfterShip detects the courier). Answers are `{"meta": {"code",
 * "message", "type"}, "data"}`; meta code 4003 (HTTP 400) is "Tracking already exists". 429 carries
 * `Retry-After` or `X-RateLimit-Reset` (a Unix time).
 */
import { AFTERSHIP_SLUGS, EASYPOST_CARRIERS, type ResolvedCarrier } from "./carrier-names.ts";

export type Aggregator = "easypost" | "aftership";
export const AGGREGATORS: readonly Aggregator[] = ["easypost", "aftership"];

export interface VendorRequest {
  url: string;
  method: "POST";
  headers: Record<string, string>;
  body: string;
  /** The carrier string or slug sent (none: the vendor detects it). */
  vendorCarrier?: string;
}

const trimSlash = (base: string) => base.replace(/\/+$/, "");

/** The request that registers one tracking number with one aggregator. */
export function registrationRequest(
  provider: Aggregator,
  baseUrl: string,
  apiKey: string,
  trackingNumber: string,
  carrier: ResolvedCarrier,
): VendorRequest {
  if (provider === "easypost") {
    const vendorCarrier = carrier.carrier && EASYPOST_CARRIERS[carrier.carrier];
    return {
      url: `${trimSlash(baseUrl)}/trackers`,
      method: "POST",
      headers: { Authorization: `Basic ${btoa(`${apiKey}:`)}`, "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ tracker: { tracking_code: trackingNumber, ...(vendorCarrier ? { carrier: vendorCarrier } : {}) } }),
      vendorCarrier,
    };
  }
  const vendorCarrier = carrier.carrier && AFTERSHIP_SLUGS[carrier.carrier];
  return {
    url: `${trimSlash(baseUrl)}/trackings`,
    method: "POST",
    headers: { "as-api-key": apiKey, "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ tracking_number: trackingNumber, ...(vendorCarrier ? { slug: vendorCarrier } : {}) }),
    vendorCarrier,
  };
}

export type RegistrationOutcome =
  /** The vendor has a tracker now (`existing`: it already had one, which counts the same). */
  | { kind: "registered"; status: number; vendorId?: string; existing: boolean }
  /** Try again later: rate limited, the vendor failing, or no answer. `retryAfterMs` when it said when. */
  | { kind: "retry"; status: number; message: string; retryAfterMs?: number }
  /** Refused for good (a refused key, an invalid number): the vendor's own message. */
  | { kind: "refused"; status: number; message: string };

type Headers = { get(name: string): string | null };

/** How long a 429 or 503 asks to wait: Retry-After (seconds or an HTTP date), else a reset time. */
export function retryAfterMs(headers: Headers, now: Date): number | undefined {
  const retryAfter = headers.get("retry-after")?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const at = Date.parse(retryAfter);
    if (Number.isFinite(at)) return Math.max(0, at - now.getTime());
  }
  // AfterShip's X-RateLimit-Reset is the Unix time the window resets (RateLimit-Reset on some products).
  const reset = headers.get("x-ratelimit-reset") ?? headers.get("ratelimit-reset");
  if (reset && /^\d+$/.test(reset.trim())) {
    const seconds = Number(reset.trim());
    // A small number is a delay in seconds (the IETF draft); a large one a Unix time.
    return seconds < 1e9 ? seconds * 1000 : Math.max(0, seconds * 1000 - now.getTime());
  }
  return undefined;
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const str = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : undefined);
const obj = (value: unknown) => (value && typeof value === "object" ? (value as Record<string, unknown>) : undefined);

/** The vendor's own words for a failure, with its code: what the merchant reads in the dashboard. */
function vendorMessage(provider: Aggregator, status: number, body: Record<string, unknown> | undefined, text: string): string {
  if (provider === "easypost") {
    const error = obj(body?.error);
    const message = str(error?.message);
    const code = str(error?.code);
    if (message) return code ? `${message} (${code})` : message;
  } else {
    const meta = obj(body?.meta);
    const message = str(meta?.message);
    const code = meta?.code;
    if (message) return code !== undefined ? `${message} (${String(code)})` : message;
  }
  const snippet = text.replace(/\s+/g, " ").trim().slice(0, 200);
  return `HTTP ${status}${snippet ? `: ${snippet}` : ""}`;
}

/** What one answer to a registration means, per the vendor's documentation. */
export function interpretAnswer(provider: Aggregator, status: number, headers: Headers, text: string, now: Date): RegistrationOutcome {
  const body = parse(text);
  if (status >= 200 && status < 300) {
    const data = provider === "easypost" ? body : obj(body?.data);
    const vendorId = str(data?.id) ?? str(obj(data?.tracking)?.id);
    return { kind: "registered", status, vendorId, existing: false };
  }
  if (provider === "aftership" && Number(obj(body?.meta)?.code) === 4003) {
    const data = obj(body?.data);
    return { kind: "registered", status, vendorId: str(data?.id) ?? str(obj(data?.tracking)?.id), existing: true };
  }
  const message = vendorMessage(provider, status, body, text);
  if (status === 429 || status === 408 || status >= 500)
    return { kind: "retry", status, message, retryAfterMs: retryAfterMs(headers, now) };
  return { kind: "refused", status, message };
}

/** Tries before a parcel that only ever met rate limits or vendor failures is given up on. */
export const MAX_ATTEMPTS = 10;

const MINUTE = 60_000;

/**
 * When to try again after `attempts` tries: the vendor's own Retry-After when it gave one (at most a
 * day), otherwise doubling from one minute up to six hours (1, 2, 4 … 256 minutes: ten tries span about
 * eight and a half hours).
 */
export function nextAttemptDelayMs(attempts: number, retryAfter?: number): number {
  if (retryAfter !== undefined) return Math.min(Math.max(retryAfter, 1000), 24 * 60 * MINUTE);
  return Math.min(MINUTE * 2 ** Math.max(0, attempts - 1), 6 * 60 * MINUTE);
}
