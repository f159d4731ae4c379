/**
 * A local stand-in for the two APIs `platform:backfill` reads, answering as their documentation says
 * they answer, so the backfill can be run and tested without a shop: Shopify's Admin GraphQL endpoint
 * (`POST /admin/api/{version}/graphql.json`, X-Shopify-Access-Token, the `orders` connection with
 * cursors, THROTTLED errors with the bucket's state, 429 with Retry-After) and WooCommerce's REST API
 * (`GET /wp-json/wc/v3/orders`, Basic auth, `after`/`page`/`per_page`, X-WP-Total and X-WP-TotalPages,
 * its error JSON). Failures can be scripted per request number.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { GraphqlOrder } from "../../worker/domain/platforms/shopify-graphql.ts";

export type Failure = "429" | "throttled" | "503" | "drop";

export interface StandInOptions {
  shopifyToken?: string;
  shopifyOrders?: GraphqlOrder[];
  wooKey?: string;
  wooSecret?: string;
  wooOrders?: Record<string, unknown>[];
  /** Request number (1-based, per API) → what to answer instead. */
  failures?: { shopify?: Record<number, Failure>; woocommerce?: Record<number, Failure> };
}

export interface StandIn {
  url: string;
  /** What each API was asked, in order. */
  requests: { shopify: { after: string | null; query: string | null; first: number }[]; woocommerce: URLSearchParams[] };
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** `created_at:>='2026-10-07T00:00:00.000Z'` → that instant. */
const sinceOf = (query: string | null) => {
  const match = query && /created_at:>=\s*'?([^'\s]+)'?/.exec(query);
  return match ? Date.parse(match[1]!) : -Infinity;
};

export async function startPlatformStandIn(options: StandInOptions): Promise<StandIn> {
  const requests: StandIn["requests"] = { shopify: [], woocommerce: [] };
  const counts = { shopify: 0, woocommerce: 0 };

  /** Answers a scripted failure for this request, if there is one. */
  function fail(api: "shopify" | "woocommerce", req: IncomingMessage, res: ServerResponse): boolean {
    const failure = options.failures?.[api]?.[++counts[api]];
    if (!failure) return false;
    if (failure === "drop") req.socket.destroy();
    else if (failure === "503")
      json(
        res,
        503,
        api === "shopify"
          ? { errors: "Service Unavailable" }
          : { code: "internal_server_error", message: "Service Unavailable", data: { status: 503 } },
      );
    else if (failure === "429")
      json(
        res,
        429,
        api === "shopify"
          ? { errors: "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service." }
          : { code: "too_many_requests", message: "Too many requests", data: { status: 429 } },
        { "Retry-After": "1" },
      );
    else
      json(res, 200, {
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
        extensions: {
          cost: {
            requestedQueryCost: 752,
            actualQueryCost: null,
            throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 702, restoreRate: 100 },
          },
        },
      });
    return true;
  }

  async function shopify(req: IncomingMessage, res: ServerResponse) {
    if (req.headers["x-shopify-access-token"] !== options.shopifyToken) {
      json(res, 401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
      return;
    }
    const { query, variables } = JSON.parse(await readBody(req)) as {
      query: string;
      variables: { first: number; after: string | null; query: string | null };
    };
    requests.shopify.push({ after: variables.after, query: variables.query, first: variables.first });
    if (fail("shopify", req, res)) return;
    if (!/orders\(first: \$first, after: \$after, query: \$query/.test(query)) {
      json(res, 200, { errors: [{ message: "Field 'orders' is missing required arguments", locations: [{ line: 2, column: 3 }] }] });
      return;
    }
    const since = sinceOf(variables.query);
    const matching = (options.shopifyOrders ?? []).filter((o) => Date.parse(o.createdAt ?? "") >= since);
    const start = variables.after ? Number(Buffer.from(variables.after, "base64url").toString()) + 1 : 0;
    const nodes = matching.slice(start, start + Math.min(variables.first, 250));
    const last = start + nodes.length - 1;
    json(res, 200, {
      data: {
        orders: {
          pageInfo: {
            hasNextPage: last < matching.length - 1,
            endCursor: nodes.length ? Buffer.from(String(last)).toString("base64url") : null,
          },
          nodes,
        },
      },
      extensions: {
        cost: {
          requestedQueryCost: 752,
          actualQueryCost: 20 + nodes.length * 8,
          throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1600, restoreRate: 100 },
        },
      },
    });
  }

  function woocommerce(req: IncomingMessage, res: ServerResponse, url: URL) {
    const expected = `Basic ${Buffer.from(`${options.wooKey}:${options.wooSecret}`).toString("base64")}`;
    if (req.headers.authorization !== expected) {
      json(res, 401, { code: "woocommerce_rest_cannot_view", message: "Sorry, you cannot list resources.", data: { status: 401 } });
      return;
    }
    requests.woocommerce.push(url.searchParams);
    if (fail("woocommerce", req, res)) return;
    const after = Date.parse(`${url.searchParams.get("after") ?? ""}`);
    const perPage = Math.min(100, Number(url.searchParams.get("per_page") ?? 10));
    const page = Number(url.searchParams.get("page") ?? 1);
    const matching = (options.wooOrders ?? []).filter((o) => !Number.isFinite(after) || Date.parse(`${o.date_created_gmt}Z`) > after);
    const totalPages = Math.max(1, Math.ceil(matching.length / perPage));
    const headers: Record<string, string> = { "X-WP-Total": String(matching.length), "X-WP-TotalPages": String(totalPages) };
    if (page < totalPages) {
      const next = new URL(url);
      next.searchParams.set("page", String(page + 1));
      headers.Link = `<${next.href}>; rel="next"`;
    }
    json(res, 200, matching.slice((page - 1) * perPage, page * perPage), headers);
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const handle =
      /^\/admin\/api\/[^/]+\/graphql\.json$/.test(url.pathname) && req.method === "POST"
        ? shopify(req, res)
        : url.pathname === "/wp-json/wc/v3/orders" && req.method === "GET"
          ? Promise.resolve(woocommerce(req, res, url))
          : Promise.resolve(json(res, 404, { errors: "Not Found" }));
    handle.catch((error: unknown) => json(res, 500, { errors: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
