import { Hono } from "hono";
import { z } from "zod";
import { requireApiKeyOrSession } from "../http/api-key.ts";
import type { AppEnv } from "../http/app-env.ts";
import { validate } from "../http/read-json.ts";
import { describeCarrierPerformance, describeParcelsAtRisk, RISKS } from "../services/parcels-at-risk.ts";
import { dateRange } from "./admin.ts";

export const parcelsQuery = z.object({ status: z.enum(["at_risk", ...RISKS]).default("at_risk") });

/**
 * Parcels at risk, for the store's server and its dashboard (a session may read them): mounted at
 * /v1/admin/parcels, before the other admin routes, like the connections.
 */
export const parcelsRoutes = new Hono<AppEnv>().use(requireApiKeyOrSession).get("/", async (c) => {
  const { status } = validate(parcelsQuery, c.req.query());
  c.header("Cache-Control", "private, no-store");
  return c.json({ status, ...(await describeParcelsAtRisk(c.env.DB, c.get("store").id, status === "at_risk" ? undefined : status)) });
});

/** Each carrier's on-time rate over a period (mounted at /v1/admin/carrier-performance). */
export const carrierPerformanceRoutes = new Hono<AppEnv>()
  .use(requireApiKeyOrSession)
  .get("/", async (c) => {
    const { from, to } = validate(dateRange, c.req.query());
    const range = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
    c.header("Cache-Control", "private, no-store");
    return c.json({ ...range, carriers: await describeCarrierPerformance(c.env.DB, c.get("store").id, range.from, range.to) });
  });
