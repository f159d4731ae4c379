import type { Context } from "hono";
import type { AppEnv } from "../http/app-env.ts";
import type { Route } from "../http/declared.ts";
import { ApiError, notFound } from "../http/errors.ts";
import { replayDeadLetter } from "../services/dead-letter-replay.ts";
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

/** One dead letter back on its queue (services/dead-letter-replay.ts). */
async function replay(c: Context<AppEnv>) {
  const outcome = await replayDeadLetter(c.env, c.get("store").id, c.req.param("id") ?? "", c.get("access").actor, new Date());
  c.header("Cache-Control", "no-store");
  if (outcome.status === "not_found") throw notFound("dead_letter_not_found", "There is no dead letter with this id in this store.");
  if (outcome.status === "not_replayable") throw new ApiError(409, "dead_letter_not_replayable", outcome.reason);
  return c.json({ id: outcome.id, queue: outcome.queue }, 202);
}

export const deadLetterRoutes: Route[] = [
  ["listDeadLetters", list],
  ["replayDeadLetter", replay],
];
