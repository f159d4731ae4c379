/**
 * Every request the widget makes goes through here, and every answer comes back as a value: the host
 * page never sees a rejected promise from Doorstep. Requests stay "simple" where they can (no custom
 * headers on GET) so reads need no CORS preflight; the browser's HTTP cache revalidates with the
 * worker's ETag on its own. The exception: after the shopper wrote (a survey answer, an update choice),
 * the newest D1 bookmark the order's answers carried goes back as `Doorstep-Bookmark`, so the next read
 * sees the write even when a read replica answers it (docs/contract.md, issue 23).
 */
import type { OffersAnswer } from "../contract/offers.ts";
import type { OrderView } from "../contract/order-view.ts";
import type { ProductReviewsAnswer } from "../contract/reviews.ts";
import type { LookupAnswer, PreferencesAnswer, ReviewsSaved, SurveySaved } from "../contract/shopper-answers.ts";
import type { StorePublicConfig } from "../contract/store-config.ts";

export interface ApiError {
  /** The HTTP status, or 0 when no answer arrived (offline, DNS, CORS refused). */
  status: number;
  code: string;
  message: string;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ApiError; retryAfter?: number };

/** The newest bookmark per order token, in memory only. Bookmarks sort as the database's history does. */
const bookmarks = new Map<string, string>();
const BOOKMARK = "Doorstep-Bookmark";

/**
 * `sent`: the same request, already made by the loader (its answer is read here instead of asking again).
 * `token`: the order the request is about, whose bookmark it sends and keeps.
 * Exported for the requests only some modules make, kept beside their code (feedback/extras/photo-api.ts).
 */
export async function request<T>(url: string, init: RequestInit = {}, sent?: Promise<Response>, token?: string): Promise<Result<T>> {
  let res: Response;
  const held = token && bookmarks.get(token);
  if (held) init.headers = { ...(init.headers as Record<string, string>), [BOOKMARK]: held };
  try {
    res = await (sent ?? fetch(url, { credentials: "omit", ...init }));
  } catch {
    return { ok: false, error: { status: 0, code: "network_error", message: "The request did not reach the server." } };
  }
  const bookmark = res.headers.get(BOOKMARK);
  if (token && bookmark && (held || "") < bookmark) bookmarks.set(token, bookmark);
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  if (res.ok && body !== undefined) return { ok: true, data: body as T };
  const error = (body as { error?: Partial<ApiError> } | undefined)?.error;
  return {
    ok: false,
    retryAfter: Number(res.headers.get("retry-after")) || undefined,
    error: {
      status: res.status,
      code: typeof error?.code === "string" ? error.code : res.ok ? "bad_response" : `http_${res.status}`,
      message: typeof error?.message === "string" ? error.message : res.statusText,
    },
  };
}

const path = (segment: string) => encodeURIComponent(segment);

/** `GET /v1/stores/{storeId}/config`: branding, contacts, return policy, locales. */
export const getStoreConfig = (api: string, storeId: string) => request<StorePublicConfig>(`${api}/v1/stores/${path(storeId)}/config`);

/**
 * `GET /v1/o/{token}`: the order as the shopper may see it, with its store's config. `query`: a view's
 * (views/modules.ts ORDER_READS, the loader's own read of it): `?offers=<placement>` for a view that
 * draws the order's offers, `?view=survey` for the survey's part of the order. `sent`: the loader's
 * request for the same URL.
 */
export const getOrder = <O = OrderView>(api: string, token: string, sent?: Promise<Response>, query = "") =>
  request<O>(`${api}/v1/o/${path(token)}${query}`, undefined, sent, token);

/** A JSON POST: a CORS preflight the worker answers for the store's origins. */
const post = <T>(url: string, body: unknown, token?: string) =>
  request<T>(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }, undefined, token);

/** `POST /v1/o/{token}/preferences`: how the shopper wants shipment updates, and marketing by that channel apart. */
export const setUpdatePreference = (api: string, token: string, body: { channel: string; contact?: string; marketing?: boolean }) =>
  post<PreferencesAnswer>(`${api}/v1/o/${path(token)}/preferences`, body, token);

/** `POST /v1/lookup`: order number + email → the order's token, or null. */
export const lookupOrder = (api: string, body: { storeId: string; orderNumber: string; email: string }) =>
  post<LookupAnswer>(`${api}/v1/lookup`, body);

/** `POST /v1/o/{token}/survey`: the answers so far (each step sends all of them). */
export const saveSurvey = (api: string, token: string, body: unknown) =>
  post<SurveySaved>(`${api}/v1/o/${path(token)}/survey`, body, token);

/** `POST /v1/o/{token}/reviews` */
export const saveReviews = (api: string, token: string, body: unknown) =>
  post<ReviewsSaved>(`${api}/v1/o/${path(token)}/reviews`, body, token);

/** `GET /v1/o/{token}/offers?placement=…`: none for the holdout arm. */
export const getOffers = (api: string, token: string, placement: string) =>
  request<OffersAnswer>(`${api}/v1/o/${path(token)}/offers?placement=${placement}`, undefined, undefined, token);

/** `GET /v1/stores/{storeId}/products/{sku}/reviews?sort=&page=`: the aggregate and one page of published reviews. */
export const getProductReviews = (api: string, storeId: string, sku: string, sort: string, page: number) =>
  request<ProductReviewsAnswer>(`${api}/v1/stores/${path(storeId)}/products/${path(sku)}/reviews?sort=${sort}&page=${page}`);
