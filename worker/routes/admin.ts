import { Hono, type Context } from "hono";
import { z } from "zod";
import { ALERT_STATUSES } from "../../contract/vocabularies.ts";
import { sha256Hex } from "../crypto/hash.ts";
import { randomToken } from "../crypto/random.ts";
import { readableBranding } from "../domain/contrast.ts";
import { toCsv } from "../domain/csv.ts";
import { assembleMetrics } from "../domain/metrics.ts";
import { liftReport } from "../domain/offers/lift.ts";
import { bearerCredential, refuseSessions, requireApiKeyOrSession } from "../http/api-key.ts";
import type { AppEnv } from "../http/app-env.ts";
import { ApiError, notFound } from "../http/errors.ts";
import { readJson, validate } from "../http/read-json.ts";
import { isoDateTime } from "../schemas/common.ts";
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
import { emitDueMoments, refreshMoments } from "../lifecycle/moments.ts";
import { momentsOfOrder } from "../storage/lifecycle.ts";
import { eraseCustomerStatements } from "../storage/erasure.ts";
import { runBatch } from "../storage/statement.ts";
import { deliverDue } from "../outbound/deliver.ts";

const MAX_RANGE_DAYS = 366;

export const dateRange = z
  .object({ from: z.union([z.iso.date(), isoDateTime]), to: z.union([z.iso.date(), isoDateTime]) })
  .refine((r) => Date.parse(r.from) < Date.parse(r.to), { message: "from must be before to", path: ["to"] })
  .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= MAX_RANGE_DAYS * 86_400_000, { message: `at most ${MAX_RANGE_DAYS} days`, path: ["to"] });

export const exportQuery = z.object({ format: z.enum(["json", "csv"]).default("json") });
export const alertsQuery = z.object({ status: z.enum(ALERT_STATUSES).default("open") });
export const sessionInput = z.object({ code: z.string().regex(/^dsl_[A-Za-z0-9_-]{43}$/, "must be a login code from the operator command") });

const SESSION_HOURS = 12;

export const backfillQuery = z.object({ days: z.coerce.number().int().min(1).max(400).default(60) });

/** The store and range of a request, as instants (a bare date is midnight UTC). */
function rangeOf(c: Context<AppEnv>): MetricsRange {
  const { from, to } = validate(dateRange, c.req.query());
  return { storeId: c.get("store").id, from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/** JSON, or CSV as a download named after the store and range. */
function exportAnswer<K extends string>(c: Context<AppEnv>, name: string, range: MetricsRange, columns: readonly K[], rows: Record<K, string | number | null>[]) {
  if (rows.length > EXPORT_LIMIT) throw new ApiError(422, "range_too_large", `More than ${EXPORT_LIMIT} rows: choose a shorter date range.`);
  const { format } = validate(exportQuery, c.req.query());
  c.header("Cache-Control", "private, no-store");
  if (format === "json") return c.json({ from: range.from, to: range.to, rows });
  c.header("Content-Disposition", `attachment; filename="${range.storeId}-${name}-${range.from.slice(0, 10)}-${range.to.slice(0, 10)}.csv"`);
  return c.body(toCsv(columns, rows), 200, { "Content-Type": "text/csv; charset=UTF-8" });
}

/** Dashboard sign-in: a one-time login code (from the operator command) → a session token for 12 hours. */
export const adminSessionRoutes = new Hono<AppEnv>().post("/", async (c) => {
  const { code } = await readJson(c, sessionInput);
  const now = new Date();
  const storeId = await useLoginCode(c.env.DB, await sha256Hex(code), now.toISOString());
  if (!storeId) throw new ApiError(401, "login_code_invalid", "This login link has expired or was already used. Ask for a new one.");
  const token = `dss_${randomToken(32)}`;
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString();
  await createSession(c.env.DB, await sha256Hex(token), storeId, expiresAt);
  c.header("Cache-Control", "no-store");
  return c.json({ token, storeId, expiresAt }, 201);
})
  // Signing out ends the session on the server: a copied token stops working at once. Idempotent, and
  // the same answer for a session that had already ended.
  .delete("/", async (c) => {
    const credential = bearerCredential(c);
    if (!credential.startsWith("dss_")) throw new ApiError(400, "not_a_session", "Send the dashboard session (dss_…) to sign it out.");
    await endSession(c.env.DB, await sha256Hex(credential));
    return c.body(null, 204);
  });

/**
 * Merchant's server or dashboard (API key or session) → the store's figures, answers and alerts. A
 * session reads and handles alerts; the routes that act on data (a backfill run, erasure) take the key.
 */
export const adminRoutes = new Hono<AppEnv>()
  .use(requireApiKeyOrSession)
  .get("/lift", async (c) => {
    const store = c.get("store");
    const range = rangeOf(c);
    const outcomes = await liftOutcomes(c.env.DB, range, store.offerRules.attributionDays);
    if (outcomes.length > 500_000) throw new ApiError(422, "range_too_large", "Choose a shorter date range.");
    return c.json({ from: range.from, to: range.to, attributionDays: store.offerRules.attributionDays, holdoutShare: store.offerRules.holdoutShare, ...liftReport(outcomes) });
  })
  .get("/metrics", async (c) => {
    const { offerRules } = c.get("store");
    const range = rangeOf(c);
    const [counts, outcomes] = await Promise.all([metricCounts(c.env.DB, range), liftOutcomes(c.env.DB, range, offerRules.attributionDays)]);
    c.header("Cache-Control", "private, no-store");
    return c.json(assembleMetrics(range, counts, outcomes, { attributionDays: offerRules.attributionDays, holdoutShare: offerRules.holdoutShare }));
  })
  .get("/survey-responses", async (c) => {
    const range = rangeOf(c);
    return exportAnswer(c, "survey-responses", range, SURVEY_COLUMNS, await surveyExport(c.env.DB, range));
  })
  .get("/reviews", async (c) => {
    const range = rangeOf(c);
    return exportAnswer(c, "reviews", range, REVIEW_COLUMNS, await reviewExport(c.env.DB, range));
  })
  // Brand colours shoppers see changed for contrast, so the dashboard can say so where the merchant looks
  // (the operator command says it once, when the settings are saved).
  .get("/branding", (c) => {
    const { branding } = c.get("store");
    c.header("Cache-Control", "private, no-store");
    return c.json({ colorScheme: branding.colorScheme, adjustments: readableBranding(branding).adjustments });
  })
  .get("/alerts", async (c) => {
    const { status } = validate(alertsQuery, c.req.query());
    c.header("Cache-Control", "private, no-store");
    return c.json({ status, alerts: await detractorAlerts(c.env.DB, c.get("store").id, status) });
  })
  .get("/orders/:orderId/moments", async (c) => {
    const orderId = c.req.param("orderId");
    const moments = await momentsOfOrder(c.env.DB, c.get("store").id, orderId);
    if (!moments.length) throw notFound("order_not_found", "There is no order with lifecycle moments by this id.");
    c.header("Cache-Control", "private, no-store");
    return c.json({ orderId, moments });
  })
  // The cron's work on demand, for a backfill: recompute the schedules of the last `days` of orders,
  // send what is due (once: moments already sent stay sent), and deliver the webhooks now.
  .post("/moments/run", refuseSessions, async (c) => {
    const store = c.get("store");
    const { days } = validate(backfillQuery, c.req.query());
    const now = new Date();
    const { results } = await c.env.DB.prepare(`SELECT id FROM orders WHERE store_id = ? AND unixepoch(placed_at) >= unixepoch(?) ORDER BY placed_at`)
      .bind(store.id, new Date(now.getTime() - days * 86_400_000).toISOString())
      .all<{ id: string }>();
    for (const { id } of results) await refreshMoments(c.env.DB, store, id, now);
    const moments = await emitDueMoments(c.env, { now, storeId: store.id, limit: 5000 });
    const deliveries = await deliverDue(c.env, { now, limit: 500, storeId: store.id });
    return c.json({ orders: results.length, ...moments, deliveries });
  })
  // A customer's request to be forgotten: their personal data across every table, in one transaction.
  .delete("/customers/:customerId", refuseSessions, async (c) => {
    const store = c.get("store");
    const customerId = c.req.param("customerId");
    const known = await c.env.DB.prepare(`SELECT 1 FROM customers WHERE store_id = ? AND id = ?`).bind(store.id, customerId).first();
    if (!known) throw notFound("customer_not_found", "There is no customer with this id in this store.");
    const results = await runBatch(c.env.DB, eraseCustomerStatements(store.id, customerId, new Date().toISOString()));
    return c.json({ customerId, erased: true, rowsChanged: results.reduce((n, r) => n + (r.meta.changes ?? 0), 0) });
  })
  .post("/alerts/:orderId/resolve", async (c) => {
    const orderId = c.req.param("orderId");
    if (!(await resolveAlert(c.env.DB, c.get("store").id, orderId, new Date().toISOString()))) {
      throw notFound("alert_not_found", "There is no open alert for this order.");
    }
    return c.json({ orderId, resolved: true });
  });
