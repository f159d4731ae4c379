/**
 * Work left for after an answer (a platform delivery's processing) that gives way to answers: it
 * starts once the isolate is answering no request and none has arrived for QUIET_MS, one piece at a
 * time, and after MAX_WAIT_MS whatever the traffic. The isolate shares its thread (and, under
 * `wrangler dev`, local D1's SQLite) between answers and this work, so work started beside an answer
 * delays it: measured on the bench's Shopify burst (five webhooks back to back each second), the
 * fourth and fifth answers waited 50 to 200 ms for the first deliveries' processing.
 *
 * Nothing here is needed for correctness: what is deferred is stored first, and the minute cron does
 * whatever an isolate that went away left undone. The counts are plain numbers shared by the
 * isolate's requests (no promise crosses from one request to another), and they heal: a request
 * whose end was never seen (its context torn down) stops counting after STALE_MS.
 */
import { createMiddleware } from "hono/factory";
import { wrapD1 } from "../storage/d1-wrapper.ts";
import type { AppEnv } from "./app-env.ts";

/** No request arrived for this long: the isolate is between bursts. */
export const QUIET_MS = 20;
/** Deferred work starts after this long whatever the traffic (well within waitUntil's 30 s). */
export const MAX_WAIT_MS = 2_000;
/** Past MAX_WAIT_MS a piece waits only for the piece before it, up to this much longer (waitUntil allows 30 s). */
export const HARD_WAIT_MS = 15_000;
/** A request or a piece of work not seen to end for this long no longer counts. */
const STALE_MS = 30_000;
/** How long one piece of work may spend giving way to answers, in all (givingWay). */
export const GIVE_WAY_BUDGET_MS = 1_000;

const state = { answering: 0, lastArrival: 0, working: 0, lastWorkStart: 0 };

/** Counts the requests being answered (the first middleware, so every route counts). */
export const countAnswers = createMiddleware<AppEnv>(async (_c, next) => {
  const end = answerStarted();
  try {
    await next();
  } finally {
    end();
  }
});

/** A request is being answered until the returned function is called. */
export function answerStarted(now = Date.now()): () => void {
  if (now - state.lastArrival > STALE_MS) state.answering = 0;
  state.answering++;
  state.lastArrival = now;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    state.answering = Math.max(0, state.answering - 1);
  };
}

const answering = (now: number) => state.answering > 0 && now - state.lastArrival < STALE_MS;

const busyWorking = (now: number) => state.working > 0 && now - state.lastWorkStart < STALE_MS;

function quiet(now: number): boolean {
  return !answering(now) && !busyWorking(now) && now - state.lastArrival >= QUIET_MS;
}

/**
 * Runs `work` once the isolate is quiet (or after `maxWaitMs`), counted as deferred work while it
 * runs. Its errors are the work's own to handle; one that escapes is logged.
 */
export async function whenQuiet(work: () => Promise<void>, options: { maxWaitMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + (options.maxWaitMs ?? MAX_WAIT_MS);
  // Past the deadline, still one piece at a time: under steady traffic the isolate is never quiet, and
  // every held piece starting at once at its deadline delayed answers by seconds (the bench's unpaced
  // run). Past HARD_WAIT_MS it starts anyway; the cron would finish it otherwise.
  const hardDeadline = deadline + HARD_WAIT_MS;
  const mayStart = (now: number) => quiet(now) || (now >= deadline && !busyWorking(now)) || now >= hardDeadline;
  // Checked every few milliseconds at first (a burst's end), less often while the wait goes on.
  for (let step = 5; !mayStart(Date.now()); step = Math.min(step * 2, 80)) {
    const now = Date.now();
    await scheduler.wait(Math.min(step, Math.max(1, (now < deadline ? deadline : hardDeadline) - now)));
  }
  state.working++;
  state.lastWorkStart = Date.now();
  try {
    await work();
  } catch (error) {
    console.error("doorstep: deferred work failed", error instanceof Error ? error.message : error);
  } finally {
    state.working = Math.max(0, state.working - 1);
  }
}

/**
 * A D1 binding for deferred work that gives way to answers between its round trips: a call made
 * while a request is being answered waits for the answer (at most GIVE_WAY_BUDGET_MS over the whole
 * piece of work), so a request arriving mid-way waits for one of the work's statements, not all.
 * When several pieces run at once (traffic held them past MAX_WAIT_MS) none gives way: the isolate
 * is behind, and catching up comes first.
 */
export function givingWay(db: D1Database, budgetMs = GIVE_WAY_BUDGET_MS): D1Database {
  let spent = 0;
  return wrapD1(db, async (_call, run) => {
    const start = Date.now();
    for (
      let step = 1;
      answering(Date.now()) && state.working <= 1 && spent + (Date.now() - start) < budgetMs;
      step = Math.min(step * 2, 16)
    ) {
      await scheduler.wait(step);
    }
    spent += Date.now() - start;
    return run();
  });
}

/** The request's deferred work: after the answer, once the isolate is quiet (whenQuiet). */
export function afterAnswer(ctx: { waitUntil(promise: Promise<unknown>): void }, work: () => Promise<void>): void {
  ctx.waitUntil(whenQuiet(work));
}
