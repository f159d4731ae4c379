/**
 * Registering parcels with the store's tracking aggregators, run by the minute cron: each due parcel is
 * claimed, sent once with the store's sealed API key, and settled. A vendor that already tracks it
 * counts as registered; 429s, 5xx and silence are retried with backoff (the vendor's Retry-After when
 * it gives one); a refusal is final and keeps the vendor's message. Each answer is noted on the
 * connection (last out, last error) for the dashboard.
 */
import { resolveCarrier } from "../domain/carriers/carrier-names.ts";
import {
  interpretAnswer,
  MAX_ATTEMPTS,
  nextAttemptDelayMs,
  registrationRequest,
  type Aggregator,
  type RegistrationOutcome,
} from "../domain/carriers/registration.ts";
import { noteConnectionTrafficStatement } from "../storage/connections.ts";
import {
  claimStatement,
  dueRegistrations,
  settleStatement,
  type DueRegistration,
  type Settlement,
} from "../storage/parcel-registrations.ts";
import { applyChanges } from "../storage/changes.ts";
import { openConnection } from "./connections.ts";

/** Long enough for one request to finish; a run that dies mid-way leaves the parcel due again after it. */
const LEASE_MS = 2 * 60_000;
const REQUEST_TIMEOUT_MS = 10_000;

const baseUrl = (env: Env, provider: Aggregator) => (provider === "easypost" ? env.EASYPOST_API_URL : env.AFTERSHIP_API_URL);

/** One request to the vendor; a network failure or timeout is an answer too (status 0, retried). */
async function send(env: Env, r: DueRegistration, apiKey: string, now: Date) {
  const carrier = resolveCarrier(r.carrierName, r.trackingNumber);
  const request = registrationRequest(r.provider, baseUrl(env, r.provider), apiKey, r.trackingNumber, carrier);
  let outcome: RegistrationOutcome;
  try {
    const res = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    outcome = interpretAnswer(r.provider, res.status, res.headers, await res.text(), now);
  } catch (error) {
    outcome = { kind: "retry", status: 0, message: `no answer: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300) };
  }
  return { carrier: { carrier: carrier.carrier, source: carrier.source, vendorCarrier: request.vendorCarrier }, outcome };
}

/** What an outcome leaves on the row, given how many tries (this one included) there have been. */
function settlement(outcome: RegistrationOutcome, attempts: number, now: Date): Settlement {
  switch (outcome.kind) {
    case "registered":
      return { status: "registered", httpStatus: outcome.status, vendorId: outcome.vendorId };
    case "refused":
      return { status: "failed", httpStatus: outcome.status, error: outcome.message };
    case "retry":
      if (attempts >= MAX_ATTEMPTS)
        return { status: "failed", httpStatus: outcome.status, error: `gave up after ${attempts} attempts: ${outcome.message}` };
      return {
        status: "pending",
        httpStatus: outcome.status,
        error: outcome.message,
        nextAttemptAt: new Date(now.getTime() + nextAttemptDelayMs(attempts, outcome.retryAfterMs)).toISOString(),
      };
  }
}

export interface RegistrationRun {
  attempted: number;
  registered: number;
  retrying: number;
  failed: number;
}

/** Sends every registration due by `now` (up to `limit`), each once per run. */
export async function registerDueParcels(
  env: Env,
  options: { now?: Date; limit?: number; storeId?: string } = {},
): Promise<RegistrationRun> {
  const now = options.now ?? new Date();
  const iso = now.toISOString();
  const run: RegistrationRun = { attempted: 0, registered: 0, retrying: 0, failed: 0 };
  const due = await dueRegistrations(env.DB, iso, options.limit ?? 50, options.storeId);
  const keys = new Map<string, Promise<string | null>>();
  for (const r of due) {
    const [claim] = await applyChanges(env.DB, [claimStatement(r, new Date(now.getTime() + LEASE_MS).toISOString(), iso)]);
    if (!claim?.meta.changes) continue;
    run.attempted++;
    const attempts = r.attempts + 1;
    const connection = `${r.storeId}|${r.provider}`;
    if (!keys.has(connection)) {
      keys.set(
        connection,
        openConnection<{ apiKey: string }>(env, r.storeId, r.provider).then(
          (c) => c?.secrets.apiKey ?? null,
          () => null,
        ),
      );
    }
    const apiKey = await keys.get(connection)!;
    if (!apiKey) {
      // Disconnected (or its key cannot be opened) since the parcel was queued: nothing to send with.
      // Connecting again queues it once more (storage/parcel-registrations.ts).
      await applyChanges(env.DB, [
        settleStatement(r, { source: "unknown" }, { status: "failed", httpStatus: 0, error: `no active ${r.provider} connection` }, iso),
      ]);
      run.failed++;
      continue;
    }
    const { carrier, outcome } = await send(env, r, apiKey, now);
    const settled = settlement(outcome, attempts, now);
    run[settled.status === "registered" ? "registered" : settled.status === "pending" ? "retrying" : "failed"]++;
    await applyChanges(env.DB, [
      settleStatement(r, carrier, settled, iso),
      noteConnectionTrafficStatement(r.storeId, r.provider, "out", iso),
      ...(settled.status === "registered"
        ? []
        : [noteConnectionTrafficStatement(r.storeId, r.provider, "out", iso, `${r.trackingNumber}: ${settled.error}`)]),
    ]);
  }
  return run;
}
