import type { Context } from "hono";
import type { AppEnv } from "../http/app-env.ts";
import { readQuery, type Route } from "../http/declared.ts";
import { declaration } from "../openapi/operations.ts";
import { describeCarrierPerformance, describeParcelsAtRisk } from "../services/parcels-at-risk.ts";

/** Parcels at risk, for the store's server and its dashboard (a session may read them). */
async function parcelsAtRisk(c: Context<AppEnv>) {
  const { status } = readQuery(c, declaration("listParcelsAtRisk"));
  c.header("Cache-Control", "private, no-store");
  return c.json({ status, ...(await describeParcelsAtRisk(c.env.DB, c.get("store").id, status === "at_risk" ? undefined : status)) });
}

/** Each carrier's on-time rate over a period. */
async function carrierPerformance(c: Context<AppEnv>) {
  const { from, to } = readQuery(c, declaration("carrierPerformance"));
  const range = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
  c.header("Cache-Control", "private, no-store");
  return c.json({ ...range, carriers: await describeCarrierPerformance(c.env.DB, c.get("store").id, range.from, range.to) });
}

export const parcelRoutes: Route[] = [
  ["listParcelsAtRisk", parcelsAtRisk],
  ["carrierPerformance", carrierPerformance],
];
