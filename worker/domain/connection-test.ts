/**
 * Testing a connection (issue 26): one read-only, authenticated call to the provider with the stored
 * credentials, chosen so it changes nothing there. Pure: the request to send and what its answer means;
 * services/connections.ts sends it.
 *
 *   EasyPost   GET {base}/trackers?page_size=1, the key as Basic user name ("Retrieve a list of Trackers")
 *   AfterShip  GET {base}/couriers with `as-api-key` ("Get user activated couriers")
 *   Klaviyo    GET {base}/api/accounts with `Authorization: Klaviyo-API-Key` and the pinned revision
 *              ("Get Accounts": every private key may call it)
 *
 * Platforms (Shopify, WooCommerce) send to Doorstep; the only credential they all have is the secret
 * their webhooks are signed with, which calls nothing, so a platform is "tested" by when it last sent.
 */
import { KLAVIYO_REVISION } from "./klaviyo.ts";
import type { Provider } from "./connections.ts";

export interface ProbeBases {
  easypost: string;
  aftership: string;
  klaviyo: string;
}

export interface ProbeRequest {
  url: string;
  headers: Record<string, string>;
}

const trimSlash = (base: string) => base.replace(/\/+$/, "");

/** The request that tests a provider's credentials, or null for a platform (nothing to call). */
export function probeRequest(provider: Provider, bases: ProbeBases, secrets: { apiKey?: string }): ProbeRequest | null {
  const key = secrets.apiKey ?? "";
  switch (provider) {
    case "easypost":
      return {
        url: `${trimSlash(bases.easypost)}/trackers?page_size=1`,
        headers: { Authorization: `Basic ${btoa(`${key}:`)}`, Accept: "application/json" },
      };
    case "aftership":
      return { url: `${trimSlash(bases.aftership)}/couriers`, headers: { "as-api-key": key, Accept: "application/json" } };
    case "klaviyo":
      return {
        url: `${trimSlash(bases.klaviyo)}/api/accounts`,
        headers: { Authorization: `Klaviyo-API-Key ${key}`, revision: KLAVIYO_REVISION, Accept: "application/vnd.api+json" },
      };
    default:
      return null;
  }
}

/**
 * What an answer says, in the provider's own words when it refused: EasyPost's `{error: {message}}`,
 * AfterShip's `{meta: {message}}`, Klaviyo's `{errors: [{detail}]}`.
 */
export function probeVerdict(status: number | null, body: string): { ok: boolean; message: string } {
  if (status === null) return { ok: false, message: `no answer: ${body}`.slice(0, 300) };
  if (status >= 200 && status < 300) return { ok: true, message: `answered ${status}: the credentials work` };
  return { ok: false, message: `HTTP ${status}${vendorWords(body) ? `: ${vendorWords(body)}` : ""}`.slice(0, 300) };
}

function vendorWords(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as {
      error?: { message?: unknown };
      meta?: { message?: unknown };
      errors?: { detail?: unknown; title?: unknown }[];
    };
    const words = parsed.error?.message ?? parsed.meta?.message ?? parsed.errors?.[0]?.detail ?? parsed.errors?.[0]?.title;
    return typeof words === "string" && words ? words : undefined;
  } catch {
    return undefined;
  }
}
