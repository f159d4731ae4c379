import { Hono } from "hono";
import { z } from "zod";
import { requireApiKey } from "../http/api-key.ts";
import type { AppEnv } from "../http/app-env.ts";
import { CATALOG_BODY_LIMIT, readJson, validate } from "../http/read-json.ts";
import { catalogInput, offerRules } from "../schemas/offers.ts";
import { setOfferRules, upsertProducts } from "../storage/offers.ts";

/** Merchant's server → Doorstep: products and the rules offers are chosen by. */
// The key check is per route: this app is mounted at /v1, where a blanket use() would guard every route.
export const catalogRoutes = new Hono<AppEnv>()
  .put("/catalog", requireApiKey, async (c) => {
    const products = await readJson(c, catalogInput, CATALOG_BODY_LIMIT);
    await upsertProducts(c.env.DB, c.get("store").id, products, new Date().toISOString());
    return c.json({ upserted: products.length });
  })
  // A full replace, and the answer says so: which rules the body left out and are now their defaults
  // (a body of `{"holdoutShare": 0.3}` resets every other rule). Unknown keys are refused by name.
  .put("/offer-rules", requireApiKey, async (c) => {
    const body = await readJson(c, z.unknown());
    const rules = validate(offerRules, body);
    await setOfferRules(c.env.DB, c.get("store").id, rules, new Date().toISOString());
    const given = body as Record<string, unknown>;
    return c.json({ replaced: true, rules, defaulted: Object.keys(offerRules.shape).filter((key) => given[key] === undefined) });
  })
  .get("/offer-rules", requireApiKey, (c) => c.json(c.get("store").offerRules));
