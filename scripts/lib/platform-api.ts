/**
 * Paging through a store platform's orders as its API documents it, for `platform:backfill`:
 * Shopify's Admin GraphQL `orders` connection (cursor pagination; throttled calls answered with a
 * THROTTLED error and the bucket's state, or 429 with Retry-After), WooCommerce's REST API v3
 * `/wp-json/wc/v3/orders` (page numbers, X-WP-TotalPages, Basic auth with the REST keys). Transient
 * failures (429, 5xx, a dropped connection) are waited out and retried; refused credentials and
 * other errors stop the run with what the API said.
 */
import { SHOPIFY_ORDERS_QUERY, type GraphqlOrder } from "../../worker/domain/platforms/shopify-graphql.ts";
import { OperatorError } from "./store-admin.ts";

export const SHOPIFY_API_VERSION = "2025-07";
const SHOPIFY_PAGE = 50;
const WOO_PAGE = 100;
const MAX_TRIES = 8;

export interface HttpOptions {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Seconds from a Retry-After header (seconds or an HTTP date), bounded to a minute. */
function retryAfterMs(value: string | null, fallbackMs: number): number {
  if (!value) return fallbackMs;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
  return Math.min(60_000, Math.max(0, Number.isFinite(ms) ? ms : fallbackMs));
}

/** A JSON call that waits out rate limits and brief failures, and says clearly when it cannot succeed. */
async function callJson(
  what: string,
  url: string,
  init: RequestInit,
  options: HttpOptions,
  throttled?: (body: unknown) => number | undefined,
) {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      res = await doFetch(url, init);
    } catch (error) {
      if (attempt >= MAX_TRIES) throw new OperatorError(`${what}: cannot reach ${new URL(url).origin}: ${(error as Error).message}`);
      await sleep(Math.min(30_000, 500 * 2 ** attempt));
      continue;
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = undefined;
    }
    const wait =
      res.status === 429 ? retryAfterMs(res.headers.get("retry-after"), throttled?.(body) ?? 2000) : res.ok ? throttled?.(body) : undefined;
    if (wait !== undefined || res.status >= 500) {
      if (attempt >= MAX_TRIES)
        throw new OperatorError(
          `${what}: still ${res.status === 429 || wait !== undefined ? "rate limited" : `failing (${res.status})`} after ${attempt} tries`,
        );
      const ms = wait ?? Math.min(30_000, 500 * 2 ** attempt);
      options.log?.(
        `${what}: ${res.status === 429 || wait !== undefined ? "rate limited" : `answered ${res.status}`}, trying again in ${(ms / 1000).toFixed(1)} s`,
      );
      await sleep(ms);
      continue;
    }
    if (res.status === 401 || res.status === 403)
      throw new OperatorError(`${what}: the API refused the credentials (${res.status}): ${text.slice(0, 300)}`);
    if (!res.ok) throw new OperatorError(`${what}: the API answered ${res.status}: ${text.slice(0, 300)}`);
    if (body === undefined) throw new OperatorError(`${what}: the API answered something that is not JSON: ${text.slice(0, 120)}`);
    return { body, headers: res.headers };
  }
}

interface GraphqlAnswer {
  data?: { orders?: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: GraphqlOrder[] } } | null;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: { cost?: { requestedQueryCost?: number; throttleStatus?: { currentlyAvailable?: number; restoreRate?: number } } };
}

/** How long Shopify's bucket needs to hold the query's cost again, when it answered THROTTLED. */
function shopifyThrottle(body: unknown): number | undefined {
  const answer = body as GraphqlAnswer | null;
  // A 429's body has a string for `errors` (REST style); GraphQL's answers have a list.
  if (!Array.isArray(answer?.errors) || !answer.errors.some((e) => e.extensions?.code === "THROTTLED" || e.message === "Throttled"))
    return undefined;
  const cost = answer.extensions?.cost;
  const missing = (cost?.requestedQueryCost ?? 0) - (cost?.throttleStatus?.currentlyAvailable ?? 0);
  const rate = cost?.throttleStatus?.restoreRate || 50;
  return Math.max(1000, Math.ceil((missing / rate) * 1000));
}

/** Shopify orders created since `since`, a page at a time (oldest first). */
export async function* shopifyOrderPages(
  options: HttpOptions & { base: string; token: string; since: Date },
): AsyncGenerator<GraphqlOrder[]> {
  const url = `${options.base.replace(/\/+$/, "")}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`;
  let after: string | null = null;
  for (let page = 1; ; page++) {
    const { body } = await callJson(
      `Shopify orders page ${page}`,
      url,
      {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-Shopify-Access-Token": options.token },
        body: JSON.stringify({
          query: SHOPIFY_ORDERS_QUERY,
          variables: { first: SHOPIFY_PAGE, after, query: `created_at:>='${options.since.toISOString()}'` },
        }),
      },
      options,
      shopifyThrottle,
    );
    const answer = body as GraphqlAnswer;
    if (Array.isArray(answer.errors) && answer.errors.length)
      throw new OperatorError(`Shopify orders page ${page}: ${answer.errors.map((e) => e.message).join("; ")}`);
    const orders = answer.data?.orders;
    if (!orders) throw new OperatorError(`Shopify orders page ${page}: the answer has no orders`);
    yield orders.nodes;
    if (!orders.pageInfo.hasNextPage || !orders.pageInfo.endCursor) return;
    after = orders.pageInfo.endCursor;
  }
}

/** WooCommerce orders created since `since`, a page at a time (oldest first). */
export async function* wooOrderPages(
  options: HttpOptions & { site: string; key: string; secret: string; since: Date },
): AsyncGenerator<unknown[]> {
  const auth = `Basic ${Buffer.from(`${options.key}:${options.secret}`).toString("base64")}`;
  for (let page = 1; ; page++) {
    const url = new URL(`${options.site.replace(/\/+$/, "")}/wp-json/wc/v3/orders`);
    url.search = new URLSearchParams({
      after: options.since.toISOString(),
      per_page: String(WOO_PAGE),
      page: String(page),
      orderby: "date",
      order: "asc",
    }).toString();
    const { body, headers } = await callJson(
      `WooCommerce orders page ${page}`,
      url.href,
      { headers: { Accept: "application/json", Authorization: auth } },
      options,
    );
    if (!Array.isArray(body)) throw new OperatorError(`WooCommerce orders page ${page}: the answer is not a list of orders`);
    yield body;
    const totalPages = Number(headers.get("x-wp-totalpages"));
    if (Number.isFinite(totalPages) && totalPages > 0 ? page >= totalPages : body.length < WOO_PAGE) return;
  }
}
