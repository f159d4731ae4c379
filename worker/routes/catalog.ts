import type { Context } from "hono";
import type { AppEnv } from "../http/app-env.ts";
import { z } from "zod";
import { readBody, type Route } from "../http/declared.ts";
import { readJson, validate } from "../http/read-json.ts";
import { declaration } from "../openapi/operations.ts";
import { offerRules } from "../schemas/offers.ts";
import { setOfferRules, upsertProducts } from "../storage/offers.ts";

/** Merchant's server → Doorstep: products, upserted by sku. */
async function putCatalog(c: Context<AppEnv>) {
  const products = await readBody(c, declaration("upsertCatalog"));
  await upsertProducts(c.env.DB, c.get("store").id, products, new Date().toISOString());
  return c.json({ upserted: products.length });
}

/**
 * The rules offers are chosen by: a full replace, and the answer says so — which rules the body left
 * out and are now their defaults (a body of `{"holdoutShare": 0.3}` resets every other rule). Unknown
 * keys are refused by name (the schema is strict).
 */
async function putOfferRules(c: Context<AppEnv>) {
  const op = declaration("setOfferRules");
  // Read as sent first: the answer names the keys the body left out.
  const given = await readJson(c, z.record(z.string(), z.unknown()), op.body.maxBytes);
  const rules = validate(op.body.schema, given);
  await setOfferRules(c.env.DB, c.get("store").id, rules, new Date().toISOString());
  return c.json({ replaced: true, rules, defaulted: Object.keys(offerRules.shape).filter((key) => given[key] === undefined) });
}

export const catalogRoutes: Route[] = [
  ["upsertCatalog", putCatalog],
  ["setOfferRules", putOfferRules],
  ["getOfferRules", (c: Context<AppEnv>) => c.json(c.get("store").offerRules)],
];
