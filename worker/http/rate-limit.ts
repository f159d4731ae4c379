import type { Context } from "hono";
import { allowAnyOriginForError } from "./cors.ts";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./app-env.ts";
import { ApiError } from "./errors.ts";

/** Both limiters count over 10-second windows (wrangler.toml); waiting one window is always enough. */
const RETRY_AFTER_SECONDS = 10;

type Scope = "ip" | "token";

function keyFor(c: Context<AppEnv>, scope: Scope): string {
  if (scope === "token") return `token:${c.req.param("token") ?? ""}`;
  // Cloudflare sets CF-Connecting-IP at the edge (and wrangler dev locally); a client cannot forge it there.
  return `ip:${c.req.header("cf-connecting-ip") ?? "unknown"}`;
}

/**
 * Refuses with 429 and Retry-After once a key runs over its limit. Checked before any D1 work, so a
 * flood costs the database nothing. The refusal is readable cross-origin (it carries no data), so the
 * widget can honour Retry-After.
 */
export function rateLimit(...scopes: Scope[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    for (const scope of scopes) {
      const limiter = scope === "ip" ? c.env.RATE_LIMIT_IP : c.env.RATE_LIMIT_TOKEN;
      const { success } = await limiter.limit({ key: keyFor(c, scope) });
      if (!success) {
        allowAnyOriginForError(c);
        throw new ApiError(429, "rate_limited", "Too many requests. Please wait a moment and try again.", undefined, {
          "Retry-After": String(RETRY_AFTER_SECONDS),
        });
      }
    }
    await next();
  });
}
