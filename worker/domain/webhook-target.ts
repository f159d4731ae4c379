/**
 * Where the worker may POST a store's outbound webhooks. The worker sends them from inside the
 * deployment, so a target is a request the operator or merchant makes the worker send: anything but a
 * public HTTPS endpoint could reach what only the worker can (cloud metadata at 169.254.169.254, a
 * loopback admin port, a private network). One check, used where an endpoint is registered (the
 * operator command `webhook:add`) and again before every delivery (services/outbound-delivery.ts), so a row
 * stored before the check, or written around it, is never sent to.
 *
 * Accepted: `https://` to a public DNS name on the default port (443), no user name or password.
 * Refused, with the reason:
 * - any other scheme (plain `http://` included), and credentials in the URL;
 * - IP literals in every notation the URL parser accepts (it turns `2130706433`, `0x7f000001`,
 *   `0177.0.0.1` and `127.1` into `127.0.0.1`), and every IPv6 literal (`[::1]`, `[::ffff:7f00:1]`);
 * - local and internal names: `localhost`, `*.localhost`, `*.local`, `*.internal`, `*.arpa` (`home.arpa`,
 *   reverse lookups), `*.lan`, `*.home`, `*.corp`, `*.intranet`, and single-label names (`intranet`);
 * - names that spell an IPv4 address for wildcard DNS (`127.0.0.1.nip.io`, `10-0-0-1.sslip.io`);
 * - ports other than 443: a webhook receiver needs no other, and a port is how a scan of internal
 *   services would be told apart.
 * It does not resolve names: a public name whose DNS points at a private address is not caught here
 * (Workers' `fetch` does not reach private networks on Cloudflare; on another host, filter egress).
 *
 * The one exception is for local runs: with `allowLoopback` (the worker variable
 * OUTBOUND_ALLOW_LOOPBACK = "true", set only by `wrangler dev` for the tests and the demo; the CLI's
 * `webhook:add --allow-loopback`, refused with --remote) a target on this machine's loopback
 * (`localhost`, `127.0.0.0/8`, `[::1]`) is accepted over http or https on any port. Nothing else
 * is loosened, and production never sets it.
 */

export type WebhookTargetCheck = { ok: true; url: string } | { ok: false; reason: string };

const INTERNAL_SUFFIXES = ["localhost", "local", "internal", "arpa", "lan", "home", "corp", "intranet"];

/** Checks a webhook endpoint URL; answers it normalised (as the URL parser writes it), or why not. */
export function checkWebhookTarget(input: string, options: { allowLoopback?: boolean } = {}): WebhookTargetCheck {
  const refuse = (reason: string): WebhookTargetCheck => ({ ok: false, reason });
  if (input.length > 2048) return refuse("must be at most 2048 characters");
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return refuse("is not a URL");
  }
  if (url.username || url.password) return refuse("must not carry a user name or password");
  // WHATWG hostnames are lower-cased, punycoded, and IPv4 in any notation is written as a dotted quad.
  const host = url.hostname.replace(/\.$/, "");
  if (options.allowLoopback && isLoopback(host) && (url.protocol === "https:" || url.protocol === "http:")) {
    return { ok: true, url: url.href };
  }
  if (url.protocol !== "https:") return refuse(`must use https (not ${url.protocol.replace(/:$/, "")})`);
  if (host.startsWith("[")) return refuse(`must name a host, not an IPv6 address (${host})`);
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return refuse(`must name a host, not an IP address (${host})`);
  if (!host.includes(".")) return refuse(`must be a public host name, not a single-label name (${host || "empty"})`);
  const tld = host.slice(host.lastIndexOf(".") + 1);
  if (INTERNAL_SUFFIXES.includes(tld)) return refuse(`must be a public host name, not a local or internal one (${host})`);
  if (/^\d+$/.test(tld) || !/^[a-z0-9.-]+$/.test(host)) return refuse(`must be a public DNS name (${host})`);
  if (/(^|[.-])\d{1,3}[.-]\d{1,3}[.-]\d{1,3}[.-]\d{1,3}([.-]|$)/.test(host)) {
    return refuse(`must not spell an IP address in its name (${host})`);
  }
  if (url.port !== "") return refuse(`must use the default https port 443 (not ${url.port})`);
  return { ok: true, url: url.href };
}

/** This machine: localhost (and its subdomains), 127.0.0.0/8, and [::1]. */
function isLoopback(host: string): boolean {
  return host === "localhost" || host.endsWith(".localhost") || /^127\.\d+\.\d+\.\d+$/.test(host) || host === "[::1]";
}
