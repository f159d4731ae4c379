import type { Context } from "hono";
import { publicConfig } from "../domain/order-view.ts";
import type { AppEnv } from "../http/app-env.ts";
import type { Route } from "../http/declared.ts";
import { allowStoreOrigins, preflight } from "../http/cors.ts";
import { notFound } from "../http/errors.ts";
import { rateLimit } from "../http/rate-limit.ts";
import { storeId } from "../schemas/store.ts";
import type { Store } from "../domain/records.ts";
import { getStore } from "../storage/stores.ts";

export async function findStore(db: D1Database, id: string): Promise<Store> {
  // A malformed id names no store either: one answer for both keeps the API simple to use.
  const store = storeId.safeParse(id).success ? await getStore(db, id) : null;
  if (!store) throw notFound("store_not_found", "There is no store with this id.");
  return store;
}

export async function configPreflight(c: Context<AppEnv>) {
  const store = await getStore(c.env.DB, c.req.param("storeId") ?? "").catch(() => null);
  return preflight(c, store?.origins ?? []);
}

/** Public store configuration (branding, contacts, policies) for the widget. */
async function config(c: Context<AppEnv>) {
  const store = await findStore(c.env.DB, c.req.param("storeId") ?? "");
  allowStoreOrigins(c, store.origins);
  // Branding changes rarely; a short shared cache spares D1 on every page view.
  c.header("Cache-Control", "public, max-age=60, stale-while-revalidate=600");
  return c.json(publicConfig(store));
}

export const storeRoutes: Route[] = [["getStoreConfig", rateLimit("ip"), config]];
