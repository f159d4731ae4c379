import type { Context } from "hono";
import { sha256Hex } from "../crypto/hash.ts";
import { newSessionToken } from "../crypto/random.ts";
import { readableBranding } from "../domain/contrast.ts";
import { toCsv } from "../domain/csv.ts";
import { assembleMetrics } from "../domain/metrics.ts";
import { liftReport } from "../domain/offers/lift.ts";
import { bearerCredential } from "../http/api-key.ts";
import { useCredentialShard } from "../http/storage.ts";
import { shardOf } from "../services/shards.ts";
import type { AppEnv } from "../http/app-env.ts";
import { readBody, readQuery, type Route } from "../http/declared.ts";
import { ApiError, notFound } from "../http/errors.ts";
import { declaration } from "../openapi/operations.ts";
import {
  createSession,
  endSession,
  detractorAlerts,
  EXPORT_LIMIT,
  resolveAlert,
  REVIEW_COLUMNS,
  reviewExport,
  SURVEY_COLUMNS,
  surveyExport,
  useLoginCode,
} from "../storage/dashboard.ts";
import { liftOutcomes, metricCounts, type MetricsRange } from "../storage/metrics.ts";
import { runMomentsNow } from "../services/lifecycle-moments.ts";
import { momentsOfOrder } from "../storage/lifecycle.ts";
import { eraseCustomer } from "../storage/erasure.ts";
import { purgeDeletedPhotos } from "../services/review-photos.ts";

const SESSION_HOURS = 12;

/** The store and range of a request, as instants (a bare date is midnight UTC). */
export function rangeOf(c: Context<AppEnv>, range: { from: string; to: string }): MetricsRange {
  return { storeId: c.get("store").id, from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() };
}

/** JSON, or CSV as a download named after the store and range. */
export function exportAnswer<K extends string>(
  c: Context<AppEnv>,
  name: string,
  format: "json" | "csv",
  range: MetricsRange,
  columns: readonly K[],
  rows: Record<K, string | number | boolean | null>[],
): Response {
  if (rows.length > EXPORT_LIMIT)
    throw new ApiError(422, "range_too_large", `More than ${EXPORT_LIMIT} rows: choose a shorter date range.`);
  c.header("Cache-Control", "private, no-store");
  if (format === "json") return c.json({ from: range.from, to: range.to, rows }) as Response;
  c.header(
    "Content-Disposition",
    `attachment; filename="${range.storeId}-${name}-${range.from.slice(0, 10)}-${range.to.slice(0, 10)}.csv"`,
  );
  return c.body(toCsv(columns, rows), 200, { "Content-Type": "text/csv; charset=UTF-8" });
}

/** Dashboard sign-in: a one-time login code (from the operator command or a colleague) → a session token for 12 hours, with the link's role. */
async function signIn(c: Context<AppEnv>) {
  const { code } = await readBody(c, declaration("createDashboardSession"));
  const now = new Date();
  // The code carries its store's shard (domain/shards.ts), where its hash and the session are kept.
  useCredentialShard(c, code);
  const login = await useLoginCode(c.env.DB, await sha256Hex(code), now.toISOString());
  if (!login) throw new ApiError(401, "login_code_invalid", "This login link has expired or was already used. Ask for a new one.");
  const { storeId, role, person, viaStoreKey } = login;
  const token = newSessionToken(shardOf(c.env));
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString();
  // The session does what its link's role may (domain/access.ts), whatever the page it is used from shows.
  await createSession(c.env.DB, await sha256Hex(token), storeId, expiresAt, { role, person, viaStoreKey });
  c.header("Cache-Control", "no-store");
  return c.json({ token, storeId, expiresAt, role, person }, 201);
}

/**
 * Signing out ends the session on the server: a copied token stops working at once. Idempotent, and
 * the same answer for a session that had already ended.
 */
async function signOut(c: Context<AppEnv>) {
  const credential = bearerCredential(c);
  if (!credential.startsWith("dss_")) throw new ApiError(400, "not_a_session", "Send the dashboard session (dss_…) to sign it out.");
  await endSession(c.env.DB, await sha256Hex(credential));
  return c.body(null, 204);
}

async function lift(c: Context<AppEnv>) {
  const store = c.get("store");
  const range = rangeOf(c, readQuery(c, declaration("getLift")));
  const outcomes = await liftOutcomes(c.env.DB, range, store.offerRules.attributionDays);
  if (outcomes.length > 500_000) throw new ApiError(422, "range_too_large", "Choose a shorter date range.");
  return c.json({
    from: range.from,
    to: range.to,
    attributionDays: store.offerRules.attributionDays,
    holdoutShare: store.offerRules.holdoutShare,
    ...liftReport(outcomes),
  });
}

async function metrics(c: Context<AppEnv>) {
  const { offerRules } = c.get("store");
  const range = rangeOf(c, readQuery(c, declaration("getMetrics")));
  const [counts, outcomes] = await Promise.all([metricCounts(c.env.DB, range), liftOutcomes(c.env.DB, range, offerRules.attributionDays)]);
  c.header("Cache-Control", "private, no-store");
  return c.json(
    assembleMetrics(range, counts, outcomes, { attributionDays: offerRules.attributionDays, holdoutShare: offerRules.holdoutShare }),
  );
}

async function surveyResponses(c: Context<AppEnv>) {
  const query = readQuery(c, declaration("exportSurveyResponses"));
  const range = rangeOf(c, query);
  return exportAnswer(c, "survey-responses", query.format, range, SURVEY_COLUMNS, await surveyExport(c.env.DB, range));
}

async function reviews(c: Context<AppEnv>) {
  const query = readQuery(c, declaration("exportReviews"));
  const range = rangeOf(c, query);
  return exportAnswer(c, "reviews", query.format, range, REVIEW_COLUMNS, await reviewExport(c.env.DB, range));
}

/**
 * Brand colours shoppers see changed for contrast, so the dashboard can say so where the merchant looks
 * (the operator command says it once, when the settings are saved).
 */
function branding(c: Context<AppEnv>) {
  const { branding } = c.get("store");
  c.header("Cache-Control", "private, no-store");
  return c.json({ colorScheme: branding.colorScheme, adjustments: readableBranding(branding).adjustments });
}

async function alerts(c: Context<AppEnv>) {
  const { status } = readQuery(c, declaration("listAlerts"));
  c.header("Cache-Control", "private, no-store");
  return c.json({ status, alerts: await detractorAlerts(c.env.DB, c.get("store").id, status) });
}

async function moments(c: Context<AppEnv>) {
  const orderId = c.req.param("orderId") ?? "";
  const found = await momentsOfOrder(c.env.DB, c.get("store").id, orderId);
  if (!found.length) throw notFound("order_not_found", "There is no order with lifecycle moments by this id.");
  c.header("Cache-Control", "private, no-store");
  return c.json({ orderId, moments: found });
}

/**
 * The cron's work on demand, for a backfill: recompute the schedules of the last `days` of orders, send
 * what is due (once: moments already sent stay sent), and deliver the webhooks now.
 */
async function runMoments(c: Context<AppEnv>) {
  const { days } = readQuery(c, declaration("runMoments"));
  return c.json(await runMomentsNow(c.env, c.get("store"), days));
}

/** A customer's request to be forgotten: their personal data across every table, in one transaction. */
async function erase(c: Context<AppEnv>) {
  const customerId = c.req.param("customerId") ?? "";
  const rowsChanged = await eraseCustomer(c.env.DB, c.get("store").id, customerId, new Date().toISOString());
  if (rowsChanged === null) throw notFound("customer_not_found", "There is no customer with this id in this store.");
  // Their review photos' objects, queued by the erasure, go now; what fails here the minute cron retries.
  await purgeDeletedPhotos(c.env).catch(() => console.error("doorstep: deleting erased review photos failed; the cron retries"));
  return c.json({ customerId, erased: true, rowsChanged });
}

async function resolve(c: Context<AppEnv>) {
  const orderId = c.req.param("orderId") ?? "";
  if (!(await resolveAlert(c.env.DB, c.get("store").id, orderId, new Date().toISOString()))) {
    throw notFound("alert_not_found", "There is no open alert for this order.");
  }
  return c.json({ orderId, resolved: true });
}

/**
 * Merchant's server or dashboard (API key or session, as each declaration says) → the store's figures,
 * answers and alerts. A session reads and handles alerts; the routes that act on data (a backfill run,
 * erasure) take the key.
 */
export const adminRoutes: Route[] = [
  ["createDashboardSession", signIn],
  ["endDashboardSession", signOut],
  ["getLift", lift],
  ["getMetrics", metrics],
  ["exportSurveyResponses", surveyResponses],
  ["exportReviews", reviews],
  ["brandingAdjustments", branding],
  ["listAlerts", alerts],
  ["orderMoments", moments],
  ["runMoments", runMoments],
  ["eraseCustomer", erase],
  ["resolveAlert", resolve],
];
