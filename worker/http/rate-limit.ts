import type { Context } from "hono";
import { allowAnyOriginForError } from "./cors.ts";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./app-env.ts";
import { ApiError } from "./errors.ts";

/** The IP and token limiters count over 10-second windows (wrangler.toml); waiting one window is enough. */
const RETRY_AFTER_SECONDS = 10;

type Scope = "ip" | "token";

/** Any route's environment: the limiters need the bindings only. */
type WithBindings = { Bindings: AppEnv["Bindings"] };

function keyFor<E extends WithBindings>(c: Context<E>, scope: Scope): string {
  if (scope === "token") return `token:${c.req.param("token") ?? ""}`;
  // Cloudflare sets CF-Connecting-IP at the edge (and wrangler dev locally); a client cannot forge it there.
  return `ip:${clientIp(c)}`;
}

/**
 * Refuses with 429 and Retry-After once a key runs over its limit. Checked before any D1 work, so a
 * flood costs the database nothing. The refusal is readable cross-origin (it carries no data), so the
 * widget can honour Retry-After.
 */
export function rateLimit(...scopes: Scope[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    await enforceScopes(c, scopes);
    await next();
  });
}

/** rateLimit's check, for middleware that does more (http/shopper-order.ts). */
export async function enforceScopes<E extends WithBindings>(c: Context<E>, scopes: readonly Scope[]) {
  // Both limiters are asked at once: each is a round trip, and a request waits for the slower only.
  await Promise.all(
    scopes.map((scope) =>
      enforceLimit(c, scope === "ip" ? c.env.RATE_LIMIT_IP : c.env.RATE_LIMIT_TOKEN, keyFor(c, scope), RETRY_AFTER_SECONDS),
    ),
  );
}

/** Throws the contract's 429 once `key` has used up `limiter`'s allowance. */
export async function enforceLimit<E extends WithBindings>(c: Context<E>, limiter: RateLimit, key: string, retryAfterSeconds: number) {
  const { success } = await limiter.limit({ key });
  if (success) return;
  allowAnyOriginForError(c);
  throw new ApiError(429, "rate_limited", "Too many requests. Please wait a moment and try again.", undefined, {
    "Retry-After": String(retryAfterSeconds),
  });
}

/** The caller's address as Cloudflare reports it. */
export const clientIp = <E extends WithBindings>(c: Context<E>) => c.req.header("cf-connecting-ip") ?? "unknown";
