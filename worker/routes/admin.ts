import { Hono } from "hono";
import { z } from "zod";
import { liftReport, type CustomerOutcome } from "../domain/offers/lift.ts";
import { requireApiKey } from "../http/api-key.ts";
import type { AppEnv } from "../http/app-env.ts";
import { ApiError } from "../http/errors.ts";
import { validate } from "../http/read-json.ts";
import { isoDateTime } from "../schemas/common.ts";

const range = z
  .object({ from: z.union([z.iso.date(), isoDateTime]), to: z.union([z.iso.date(), isoDateTime]) })
  .refine((r) => Date.parse(r.from) < Date.parse(r.to), { message: "from must be before to", path: ["to"] });

/** Merchant's server (API key) → the store's figures. */
export const adminRoutes = new Hono<AppEnv>().use(requireApiKey).get("/lift", async (c) => {
  const store = c.get("store");
  const { from, to } = validate(range, c.req.query());
  const windowDays = store.offerRules.attributionDays;
  // One row per customer whose first offer decision falls in the range: their arm, and what they
  // ordered after it (within the attribution window, and at all).
  const { results } = await c.env.DB.prepare(
    `WITH cohort AS (
       SELECT customer_id, min(at) AS first_at, min(arm) AS arm FROM offer_decisions
       WHERE store_id = ? GROUP BY customer_id HAVING min(at) >= ? AND min(at) < ?)
     SELECT c.arm,
            count(o.id) AS orders_after,
            sum(CASE WHEN julianday(o.placed_at) <= julianday(c.first_at) + ? THEN 1 ELSE 0 END) AS orders_in_window,
            coalesce(sum(o.total), 0) AS revenue_after
     FROM cohort c LEFT JOIN orders o
       ON o.store_id = ? AND o.customer_id = c.customer_id AND julianday(o.placed_at) > julianday(c.first_at)
     GROUP BY c.customer_id, c.arm`,
  )
    .bind(store.id, new Date(from).toISOString(), new Date(to).toISOString(), windowDays, store.id)
    .all<{ arm: "treatment" | "holdout"; orders_after: number; orders_in_window: number | null; revenue_after: number }>();
  if (results.length > 500_000) throw new ApiError(422, "range_too_large", "Choose a shorter date range.");
  const outcomes: CustomerOutcome[] = results.map((r) => ({
    arm: r.arm,
    ordersAfter: r.orders_after,
    ordersInWindow: r.orders_in_window ?? 0,
    revenueAfter: r.revenue_after,
  }));
  return c.json({ from, to, attributionDays: store.offerRules.attributionDays, holdoutShare: store.offerRules.holdoutShare, ...liftReport(outcomes) });
});
