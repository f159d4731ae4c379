/**
 * A local stand-in for the outside systems Doorstep calls: the two tracking aggregators it registers
 * parcels with and Klaviyo, answering as their documentation says they do (worker/domain/carriers/
 * registration.ts and worker/domain/klaviyo.ts cite it). A plain Node HTTP server, started by the worker
 * tests' and the end-to-end tests' global setup; tests talk to it over HTTP too.
 *
 *   POST /easypost/v2/trackers                  EasyPost: Basic auth (the key as user name), body
 *                                               {"tracker": {"tracking_code", "carrier"?}}; 201 with a
 *                                               Tracker, the original Tracker again (200) for the same
 *                                               code and carrier; errors {"error": {code, message, errors}}
 *   POST /aftership/tracking/2026-07/trackings   AfterShip: `as-api-key`, body {"tracking_number",
 *                                               "slug"?}; 201 {meta, data}; meta 4003 "Tracking already
 *                                               exists." (HTTP 400) for the same slug and number
 *   POST /klaviyo/api/events                    Klaviyo Create Event: `Authorization: Klaviyo-API-Key
 *                                               KEY`, a `revision` header, a JSON:API body
 *                                               {data: {type: "event", attributes: {properties, metric,
 *                                               profile, time?, value?, unique_id?}}}; 202 with no body;
 *                                               errors {"errors": [{id, status, code, title, detail,
 *                                               source}]}; an event whose unique_id was seen for the same
 *                                               profile and metric is accepted and not recorded again
 *                                               (GET /__stand-in/klaviyo/events lists those recorded)
 *
 *   GET /easypost/v2/trackers, GET /aftership/tracking/2026-07/couriers, GET /klaviyo/api/accounts
 *                                               the read-only calls a connection test makes
 *                                               (worker/domain/connection-test.ts): 200 with an empty
 *                                               list, or the vendor's 401 for a refused key
 *
 * A key containing "revoked" is refused (401), as a deactivated key is. Faults are scripted per vendor:
 * POST /__stand-in/faults [{provider, apiKey?, status, retryAfter?, rateLimitReset?, times?}] makes the next
 * requests answer 429 (with Retry-After / X-RateLimit-Reset) or a 5xx. GET /__stand-in/requests lists
 * what was received; POST /__stand-in/reset forgets everything. The error codes of EasyPost refusals
 * other than the key are this stand-in's own (EasyPost documents the shape, not a list for trackers);
 * AfterShip's meta codes are from its published error list.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

type Provider = "easypost" | "aftership" | "klaviyo";

export interface ReceivedRequest {
  provider: Provider;
  method: string;
  path: string;
  /** The credential as sent: the Basic user name (EasyPost) or the as-api-key header (AfterShip). */
  apiKey: string | null;
  contentType: string | null;
  /** Klaviyo's `revision` header, as sent. */
  revision?: string | null;
  body: unknown;
  answered: number;
  at: string;
}

interface Fault {
  provider: Provider;
  /** Only requests with this key (tests sharing the stand-in stay out of each other's way). */
  apiKey?: string;
  status: number;
  retryAfter?: string;
  rateLimitReset?: string;
  times?: number;
}

const EASYPOST_CARRIERS = new Set(["UPS", "USPS", "FedEx", "DHLExpress", "RoyalMail", "CanadaPost", "AustraliaPost"]);
const AFTERSHIP_SLUGS = new Set(["ups", "usps", "fedex", "dhl", "royal-mail", "canada-post", "australia-post", "deutsch-post"]);

/** The vendors' own detection, roughly: enough for a number sent without a carrier. */
const guess = (code: string): { easypost: string; aftership: string } | undefined =>
  /^1Z/.test(code)
    ? { easypost: "UPS", aftership: "ups" }
    : /^9[1-5]\d{20}$/.test(code)
      ? { easypost: "USPS", aftership: "usps" }
      : undefined;

const id = (prefix: string) => `${prefix}${randomBytes(16).toString("hex")}`;

export interface AggregatorStandIn {
  url: string;
  close(): Promise<void>;
}

export async function startAggregatorStandIn(port = 0): Promise<AggregatorStandIn> {
  const received: ReceivedRequest[] = [];
  let faults: Fault[] = [];
  // Trackers by key, carrier and code: what "the same User" already registered.
  const trackers = new Map<string, Record<string, unknown>>();

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...headers }).end(JSON.stringify(body));
    return status;
  };

  function fault(provider: Provider, apiKey: string, res: ServerResponse): number | undefined {
    const f = faults.find((x) => x.provider === provider && (!x.apiKey || x.apiKey === apiKey));
    if (!f) return undefined;
    if (f.times !== undefined && --f.times <= 0) faults = faults.filter((x) => x !== f);
    const headers: Record<string, string> = {};
    if (f.retryAfter) headers["Retry-After"] = f.retryAfter;
    if (f.rateLimitReset)
      Object.assign(headers, { "X-RateLimit-Reset": f.rateLimitReset, "X-RateLimit-Limit": "20", "X-RateLimit-Remaining": "0" });
    if (provider === "klaviyo") {
      const error =
        f.status === 429
          ? {
              code: "throttled",
              title: "Request was throttled.",
              detail: `Request was throttled. Expected available in ${f.retryAfter ?? "1"} seconds.`,
            }
          : { code: "error", title: "A server error occurred.", detail: "A server error occurred." };
      return json(res, f.status, { errors: [{ id: id(""), status: f.status, ...error }] }, headers);
    }
    if (provider === "easypost") {
      const error =
        f.status === 429
          ? { code: "RATE_LIMITED", message: "You have been rate limited. Please slow down your requests.", errors: [] }
          : { code: "INTERNAL_SERVER_ERROR", message: "We're sorry, something went wrong.", errors: [] };
      return json(res, f.status, { error }, headers);
    }
    const meta =
      f.status === 429
        ? {
            code: 429,
            message: "You have exceeded the API call rate limit. The default limit is 10 requests per second.",
            type: "TooManyRequests",
          }
        : { code: f.status, message: "Something went wrong on AfterShip's end.", type: "InternalError" };
    return json(res, f.status, { meta, data: {} }, headers);
  }

  function easypost(req: IncomingMessage, body: unknown, res: ServerResponse, apiKey: string | null): number {
    if (!apiKey)
      return json(res, 401, {
        error: {
          code: "APIKEY.REQUIRED",
          message: "Authentication is required: send your API key as the Basic auth user name.",
          errors: [],
        },
      });
    if (apiKey.includes("revoked")) {
      return json(res, 401, {
        error: {
          code: "APIKEY.INACTIVE",
          message: "This api key is no longer active. Please use a different api key or reactivate this key.",
          errors: [],
        },
      });
    }
    const faulted = fault("easypost", apiKey, res);
    if (faulted) return faulted;
    const tracker = (body as { tracker?: { tracking_code?: unknown; carrier?: unknown } } | undefined)?.tracker;
    const code = typeof tracker?.tracking_code === "string" ? tracker.tracking_code : "";
    if (!code)
      return json(res, 422, {
        error: {
          code: "PARAMETER.REQUIRED",
          message: "Missing required parameter.",
          errors: [{ field: "tracker.tracking_code", message: "cannot be blank" }],
        },
      });
    let carrier = typeof tracker?.carrier === "string" ? tracker.carrier : undefined;
    if (carrier && !EASYPOST_CARRIERS.has(carrier))
      return json(res, 422, { error: { code: "TRACKER.CARRIER.INVALID", message: `Carrier '${carrier}' is not supported.`, errors: [] } });
    carrier ??= guess(code)?.easypost;
    if (!carrier)
      return json(res, 422, {
        error: {
          code: "TRACKER.CARRIER.UNDETERMINED",
          message: "Unable to determine the carrier of this tracking code. Please specify a carrier.",
          errors: [],
        },
      });
    const key = `${apiKey}|${carrier}|${code}`;
    const existing = trackers.get(key);
    if (existing) return json(res, 200, existing);
    const now = new Date().toISOString();
    const created = {
      id: id("trk_"),
      object: "Tracker",
      mode: apiKey.startsWith("EZTK") ? "test" : "production",
      tracking_code: code,
      status: "unknown",
      carrier,
      tracking_details: [],
      created_at: now,
      updated_at: now,
    };
    trackers.set(key, created);
    return json(res, 201, created);
  }

  function aftership(req: IncomingMessage, body: unknown, res: ServerResponse, apiKey: string | null): number {
    const error = (status: number, code: number, message: string, type: string) =>
      json(res, status, { meta: { code, message, type }, data: {} });
    if (!apiKey || apiKey.includes("revoked")) return error(401, 401, "The API key is invalid.", "Unauthorized");
    const faulted = fault("aftership", apiKey, res);
    if (faulted) return faulted;
    const given = body as { tracking_number?: unknown; slug?: unknown; tracking?: unknown } | undefined;
    if (given?.tracking !== undefined) return error(400, 4001, "Invalid JSON data.", "BadRequest");
    const number = typeof given?.tracking_number === "string" ? given.tracking_number : "";
    if (!number) return error(400, 4007, "tracking_number is required.", "BadRequest");
    let slug = typeof given?.slug === "string" ? given.slug : undefined;
    if (slug && !AFTERSHIP_SLUGS.has(slug)) return error(400, 4010, "The value of slug is invalid.", "BadRequest");
    slug ??= guess(number)?.aftership;
    if (!slug)
      return error(400, 4012, "Unable to import shipment as we don’t recognize the carrier from this tracking number.", "BadRequest");
    const key = `${apiKey}|${slug}|${number}`;
    const existing = trackers.get(key);
    if (existing)
      return json(res, 400, {
        meta: { code: 4003, message: "Tracking already exists.", type: "BadRequest" },
        data: { tracking: { id: existing.id, slug, tracking_number: number } },
      });
    const created = {
      id: randomBytes(12).toString("hex"),
      slug,
      tracking_number: number,
      tag: "Pending",
      subtag: "Pending_001",
      created_at: new Date().toISOString(),
    };
    trackers.set(key, created);
    return json(res, 201, { meta: { code: 201, message: "", type: "Created" }, data: created });
  }

  // Events Klaviyo recorded: one per profile, metric and unique_id (its documented deduplication).
  const klaviyoEvents = new Map<string, unknown>();

  function klaviyo(req: IncomingMessage, body: unknown, res: ServerResponse, apiKey: string | null): number {
    const error = (status: number, code: string, title: string, detail: string, pointer?: string) =>
      json(res, status, { errors: [{ id: id(""), status, code, title, detail, ...(pointer ? { source: { pointer } } : {}) }] });
    if (!apiKey)
      return error(
        401,
        "not_authenticated",
        "Authentication credentials were not provided.",
        "Missing or invalid authorization scheme. Please use Klaviyo-API-Key.",
      );
    if (apiKey.includes("revoked") || !apiKey.startsWith("pk_"))
      return error(401, "authentication_failed", "Incorrect authentication credentials.", "Incorrect authentication credentials.");
    if (apiKey.includes("readonly"))
      return error(
        403,
        "permission_denied",
        "You do not have permission to perform this action.",
        "This API key is missing required scopes: events:write.",
      );
    if (!req.headers.revision) return error(400, "invalid", "Invalid input.", "The revision header is required.");
    if (!/^application\/(vnd\.api\+)?json/.test(req.headers["content-type"] ?? ""))
      return error(
        415,
        "unsupported_media_type",
        "Unsupported media type.",
        `Unsupported media type "${req.headers["content-type"] ?? ""}" in request.`,
      );
    const faulted = fault("klaviyo", apiKey, res);
    if (faulted) return faulted;
    const data = (body as { data?: { type?: unknown; attributes?: Record<string, unknown> } } | undefined)?.data;
    if (data?.type !== "event") return error(400, "invalid", "Invalid input.", "'event' is not a valid type", "/data/type");
    const attrs = data.attributes ?? {};
    if (typeof attrs.properties !== "object" || attrs.properties === null)
      return error(400, "invalid", "Invalid input.", "'properties' is a required field", "/data/attributes/properties");
    const metric = (attrs.metric as { data?: { attributes?: { name?: unknown } } } | undefined)?.data?.attributes?.name;
    if (typeof metric !== "string" || !metric || metric.length >= 128)
      return error(
        400,
        "invalid",
        "Invalid input.",
        "A metric name of under 128 characters is required.",
        "/data/attributes/metric/data/attributes/name",
      );
    const profile = (attrs.profile as { data?: { attributes?: Record<string, unknown> } } | undefined)?.data?.attributes ?? {};
    const who = profile.email ?? profile.phone_number ?? profile.external_id;
    if (typeof who !== "string" || !who)
      return error(
        400,
        "invalid",
        "Invalid input.",
        "A profile identifier (email, phone_number or external_id) is required.",
        "/data/attributes/profile",
      );
    if (profile.phone_number !== undefined && !/^\+[1-9]\d{6,14}$/.test(String(profile.phone_number)))
      return error(
        400,
        "invalid",
        "Invalid input.",
        "Invalid phone number format (Example of a valid format: +12345678901)",
        "/data/attributes/profile/data/attributes/phone_number",
      );
    const time = attrs.time === undefined || attrs.time === null ? Date.now() : Date.parse(String(attrs.time));
    if (Number.isNaN(time) || time < Date.UTC(1990, 0, 1) || time > Date.now() + 366 * 86_400_000)
      return error(400, "invalid", "Invalid input.", "The time must be after 1990 and at most a year ahead.", "/data/attributes/time");
    if (attrs.value !== undefined && attrs.value !== null && typeof attrs.value !== "number")
      return error(400, "invalid", "Invalid input.", "'value' must be a number", "/data/attributes/value");
    const key = `${apiKey}|${who}|${metric}|${attrs.unique_id ?? Math.floor(time / 1000)}`;
    if (!klaviyoEvents.has(key)) klaviyoEvents.set(key, { ...attrs, apiKey, metric, profile });
    res.writeHead(202).end();
    return 202;
  }

  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
    req.on("end", () => {
      const path = new URL(req.url ?? "/", "http://stand-in").pathname;
      if (path === "/__stand-in/requests") return void json(res, 200, { requests: received });
      if (path === "/__stand-in/reset")
        return void ((received.length = 0), (faults = []), trackers.clear(), klaviyoEvents.clear(), json(res, 200, { reset: true }));
      if (path === "/__stand-in/klaviyo/events") return void json(res, 200, { events: [...klaviyoEvents.values()] });
      if (path === "/__stand-in/faults") return void (faults.push(...(JSON.parse(raw) as Fault[])), json(res, 200, { faults }));
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      const record = (provider: Provider, apiKey: string | null, answered: number) =>
        received.push({
          provider,
          method: req.method ?? "",
          path,
          apiKey,
          contentType: req.headers["content-type"] ?? null,
          revision: provider === "klaviyo" ? ((req.headers.revision as string | undefined) ?? null) : undefined,
          body,
          answered,
          at: new Date().toISOString(),
        });
      if (req.method === "POST" && path === "/easypost/v2/trackers") {
        const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? "")?.[1];
        const apiKey = basic ? Buffer.from(basic, "base64").toString("utf8").replace(/:.*$/, "") : null;
        return void record("easypost", apiKey, easypost(req, body, res, apiKey));
      }
      if (req.method === "POST" && path === "/aftership/tracking/2026-07/trackings") {
        const apiKey = (req.headers["as-api-key"] as string | undefined) ?? null;
        return void record("aftership", apiKey, aftership(req, body, res, apiKey));
      }
      if (req.method === "POST" && path === "/klaviyo/api/events") {
        const apiKey = /^Klaviyo-API-Key (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? null;
        return void record("klaviyo", apiKey, klaviyo(req, body, res, apiKey));
      }
      if (req.method === "GET" && path === "/easypost/v2/trackers") {
        const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? "")?.[1];
        const apiKey = basic ? Buffer.from(basic, "base64").toString("utf8").replace(/:.*$/, "") : null;
        const refused = !apiKey || apiKey.includes("revoked");
        if (refused) json(res, 401, { error: { code: "APIKEY.INACTIVE", message: "This api key is no longer active.", errors: [] } });
        else json(res, 200, { trackers: [], has_more: false });
        return void record("easypost", apiKey, refused ? 401 : 200);
      }
      if (req.method === "GET" && path === "/aftership/tracking/2026-07/couriers") {
        const apiKey = (req.headers["as-api-key"] as string | undefined) ?? null;
        const refused = !apiKey || apiKey.includes("revoked");
        if (refused) json(res, 401, { meta: { code: 401, message: "The API key is invalid.", type: "Unauthorized" }, data: {} });
        else json(res, 200, { meta: { code: 200, message: "OK", type: "OK" }, data: { total: 0, couriers: [] } });
        return void record("aftership", apiKey, refused ? 401 : 200);
      }
      if (req.method === "GET" && path === "/klaviyo/api/accounts") {
        const apiKey = /^Klaviyo-API-Key (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? null;
        const refused = !apiKey || apiKey.includes("revoked") || !apiKey.startsWith("pk_") || !req.headers.revision;
        if (refused)
          json(res, 401, {
            errors: [
              {
                id: id(""),
                status: 401,
                code: "authentication_failed",
                title: "Incorrect authentication credentials.",
                detail: "Incorrect authentication credentials.",
              },
            ],
          });
        else json(res, 200, { data: [{ type: "account", id: "stand-in", attributes: {} }] });
        return void record("klaviyo", apiKey, refused ? 401 : 200);
      }
      json(res, 404, { error: { code: "NOT_FOUND", message: `No route ${req.method} ${path}`, errors: [] } });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : port}`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The base URLs a worker uses for the stand-in (the worker variables EASYPOST_API_URL, AFTERSHIP_API_URL, KLAVIYO_API_URL). */
export const standInApiUrls = (url: string) => ({
  EASYPOST_API_URL: `${url}/easypost/v2`,
  AFTERSHIP_API_URL: `${url}/aftership/tracking/2026-07`,
  KLAVIYO_API_URL: `${url}/klaviyo`,
});
