/** The dashboard's queries and its sign-in body (routes/admin.ts). */
import { z } from "zod";
import { DELIVERY_PROBLEMS } from "../../contract/outbound.ts";
import { ALERT_STATUSES, PARCEL_RISKS } from "../../contract/vocabularies.ts";
import { isoDateTime } from "./common.ts";

const MAX_RANGE_DAYS = 366;

export const dateRange = z
  .object({ from: z.union([z.iso.date(), isoDateTime]), to: z.union([z.iso.date(), isoDateTime]) })
  .refine((r) => Date.parse(r.from) < Date.parse(r.to), { message: "from must be before to", path: ["to"] })
  .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= MAX_RANGE_DAYS * 86_400_000, {
    message: `at most ${MAX_RANGE_DAYS} days`,
    path: ["to"],
  });

export const exportQuery = z.object({ format: z.enum(["json", "csv"]).default("json") });
export const alertsQuery = z.object({ status: z.enum(ALERT_STATUSES).default("open") });
export const sessionInput = z.object({
  code: z.string().regex(/^dsl_(?:s(?:0|[1-9][0-9]{0,2})\.)?[A-Za-z0-9_-]{43}$/, "must be a login code from the operator command"),
});

export const backfillQuery = z.object({ days: z.coerce.number().int().min(1).max(400).default(60) });

/** GET /v1/admin/parcels: every parcel at risk, or those with one risk. */
export const parcelsQuery = z.object({ status: z.enum(["at_risk", ...PARCEL_RISKS]).default("at_risk") });

/** GET /v1/admin/deliveries: deliveries that failed for good, are being retried, or (no status) both. */
export const deliveriesQuery = z.object({
  status: z.enum(DELIVERY_PROBLEMS).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
