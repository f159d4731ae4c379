import type { Context } from "hono";
import type { AppEnv } from "../http/app-env.ts";
import type { Route } from "../http/declared.ts";
import { listDeadLetters } from "../storage/dead-letters.ts";

/** The page the merchant reads: the newest dead letters, and how many in all. */
const SHOWN = 100;

/** The store's widget events and webhooks that could not be written (services/event-queue.ts, webhook-queue.ts), newest first. */
async function list(c: Context<AppEnv>) {
  const { total, letters } = await listDeadLetters(c.env.DB, c.get("store").id, SHOWN);
  c.header("Cache-Control", "private, no-store");
  return c.json({
    total,
    deadLetters: letters.map(({ id, queue, reason, detail, body, at }) => ({ id, queue, reason, detail, body, at })),
  });
}

export const deadLetterRoutes: Route[] = [["listDeadLetters", list]];
