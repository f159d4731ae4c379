/**
 * How every load client talks to the worker, as a vendor, a merchant's server or the widget would:
 * the same request again until it is acknowledged, waiting out each 503's Retry-After (asserted, then
 * shortened so the run stays bounded). Any other answer that is not 2xx is a violation and ends the
 * operation.
 */
import type { Measurements } from "./measurements.ts";
import type { Kind, LoadOptions } from "./options.ts";

export interface Attempted {
  ok: boolean;
  status: number;
  body: unknown;
  /** The answer's ETag (an order read's), for a tab's next refresh. */
  etag?: string | null;
}

export type Send = (kind: Kind, path: string, init: () => Promise<RequestInit> | RequestInit) => Promise<Attempted>;

export function loadClient(origin: string, options: LoadOptions, measurements: Measurements): Send {
  return async (kind, path, init) => {
    const request = await init();
    for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
      if (attempt > 1) measurements.retry();
      const started = performance.now();
      let res: Response;
      try {
        res = await fetch(`${origin}${path}`, request);
      } catch (error) {
        measurements.violation(kind, 0, `network: ${(error as Error).message}`);
        return { ok: false, status: 0, body: null };
      }
      const text = await res.text();
      measurements.answer(kind, res.status, performance.now() - started);
      const body = parsed(text);
      // A 304 answers a refresh that sent the ETag it holds: nothing changed, which is a success.
      if (res.ok || res.status === 304) return { ok: true, status: res.status, body, etag: res.headers.get("etag") };
      const wait = retryWait(res, body, kind, measurements);
      if (wait === undefined) {
        measurements.violation(kind, res.status, `Retry-After ${res.headers.get("retry-after") ?? "missing"}; ${text.slice(0, 200)}`);
        return { ok: false, status: res.status, body };
      }
      const [low, high] = options.retryWaitMs;
      await new Promise((r) => setTimeout(r, Math.min(wait * 1000, low + Math.random() * (high - low))));
    }
    measurements.giveUp();
    return { ok: false, status: 503, body: null };
  };
}

function parsed(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null; // judged by the caller: a refusal without the error shape is a violation
  }
}

/**
 * The seconds a refusal asks to wait, if it is one to retry: a 503 (or a 429) in the contract's error
 * shape with a Retry-After of 1–120 s. A 503 must say storage_unavailable.
 */
function retryWait(res: Response, body: unknown, kind: Kind, measurements: Measurements): number | undefined {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const retryAfter = res.headers.get("retry-after");
  const seconds = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : NaN;
  const shaped = typeof error?.code === "string" && typeof error.message === "string" && error.message.length > 0;
  if (!((res.status === 503 || res.status === 429) && shaped && seconds >= 1 && seconds <= 120)) return undefined;
  if (res.status === 503 && error.code !== "storage_unavailable") measurements.violation(kind, 503, `code ${String(error.code)}`);
  return seconds;
}
