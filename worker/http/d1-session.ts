/**
 * Which D1 session a request's database is (issue 23, reads from replicas; storage/d1-session.ts says
 * what a session is). Shoppers' and the dashboard's reads may be served by a read replica; a client
 * that wrote a moment ago sends back the bookmark that write's answer carried (`Doorstep-Bookmark`), and
 * its read starts from a copy at least that new, so it sees its own write. Writes start at the primary.
 *
 * Everything else (a merchant's server with its API key, carriers' and platforms' webhooks, the cron)
 * keeps the binding itself, which D1 answers from the primary: those callers never learned of a
 * bookmark, and a server that writes an order and reads it back must keep seeing its write.
 */
export const BOOKMARK_HEADER = "Doorstep-Bookmark";

/**
 * A bookmark as D1 makes them (hex fields joined by hyphens: `00000085-0000024c-00004c6d-8e61…`). The
 * header is the client's to send, so anything else (garbage, a constraint's name) is ignored rather
 * than handed to D1: the request is then answered as without a bookmark.
 */
const BOOKMARK = /^[0-9a-f]{1,64}(?:-[0-9a-f]{1,64}){0,7}$/i;

export const isBookmark = (value: string | undefined): value is string => value !== undefined && BOOKMARK.test(value);

/**
 * The shopper's side of the API: the order token's routes, and a store's public reads (its config, its
 * products' reviews, its review feed). Not order lookup: its answer must not differ by a header whether
 * or not the order exists (a bookmark moves with every write anywhere), and it reads the primary, where
 * an order written a moment ago already is.
 */
const SHOPPER_PATH = /^\/v1\/(?:o|stores)\/[^/]+(?:\/.*)?$/;

/** Nothing is written by these: reads and preflights. */
const isRead = (method: string) => method === "GET" || method === "HEAD" || method === "OPTIONS";

/**
 * Where the request's session starts, or undefined for the binding itself (the primary). The
 * dashboard is known by its session credential (`dss_…`), and by signing in and out, whose answer
 * carries the bookmark the first reads with the new credential start from.
 */
export function sessionStart(request: {
  method: string;
  path: string;
  authorization?: string;
  bookmark?: string;
}): D1SessionConstraint | D1SessionBookmark | undefined {
  const credential = /^Bearer\s+(\S+)/i.exec(request.authorization ?? "")?.[1];
  const dashboard = !!credential?.startsWith("dss_") || request.path === "/v1/admin/session";
  if (!dashboard && !SHOPPER_PATH.test(request.path)) return undefined;
  if (!isRead(request.method)) return "first-primary";
  return isBookmark(request.bookmark) ? request.bookmark : "first-unconstrained";
}
