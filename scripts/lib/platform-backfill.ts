/**
 * `platform:backfill`: the last N days of a connected platform's orders, read from its API
 * (platform-api.ts) and written page by page to D1 with the statements the webhooks use
 * (worker/services/platform-backfill.ts): orders, their parcels and scans, and lifecycle schedules in
 * which nothing whose time has passed is ever sent. Orders already stored in a newer version stay.
 * Base URLs: Shopify's is the shop's own (or SHOPIFY_API_URL, for a stand-in); WooCommerce's is the
 * connected site.
 */
import { openJson } from "../../worker/crypto/secret-box.ts";
import { newOrderToken } from "../../worker/crypto/random.ts";
import type { MappedOrder, Platform } from "../../worker/domain/platforms/platform-order.ts";
import type { GraphqlOrder } from "../../worker/domain/platforms/shopify-graphql.ts";
import { wooOrder } from "../../worker/domain/platforms/woocommerce-order.ts";
import { wooOrder as wooSchema } from "../../worker/schemas/platforms/woocommerce.ts";
import { backfillOrderStatements, backfillState, mapShopifyGraphqlOrder } from "../../worker/services/platform-backfill.ts";
import { backfillStateStatements } from "../../worker/storage/platform-orders.ts";
import { sql, toSqlScript, type Statement } from "../../worker/storage/statement.ts";
import { SELECT_STORE, storeFromRow, type StoreRow } from "../../worker/storage/stores.ts";
import { shopifyOrderPages, wooOrderPages, type HttpOptions } from "./platform-api.ts";
import { OperatorError } from "./store-admin.ts";
import { d1Execute, type D1Target } from "./wrangler.ts";
import { inShard, shardOfStore } from "./shards.ts";

export interface BackfillOptions extends HttpOptions {
  storeId: string;
  days: number;
  platform?: string;
  secretKey: string;
  target: D1Target;
  now?: Date;
}

export interface BackfillSummary {
  storeId: string;
  platform: Platform;
  since: string;
  pages: number;
  orders: number;
  created: number;
  updated: number;
  /** Already stored in a newer version (a webhook came first). */
  stale: number;
  failed: { order: string; reason: string }[];
}

const query = async (statements: Statement[], target: D1Target) => d1Execute(toSqlScript(statements), target);

export async function backfillPlatform(options: BackfillOptions): Promise<BackfillSummary> {
  const now = options.now ?? new Date();
  if (!Number.isInteger(options.days) || options.days < 1 || options.days > 400)
    throw new OperatorError("--days must be a whole number from 1 to 400");
  const since = new Date(now.getTime() - options.days * 86_400_000);
  // Everything below reads and writes the store's shard, and its new orders' tokens carry it.
  const shard = await shardOfStore(options.storeId, options.target);
  const target = inShard(options.target, shard);
  const [connections, stores] = await query(
    [
      sql(
        `SELECT provider, settings, secrets_sealed FROM store_connections WHERE store_id = ? AND kind = 'platform' ORDER BY provider`,
        options.storeId,
      ),
      sql(`${SELECT_STORE} WHERE s.id = ?`, options.storeId),
    ],
    target,
  );
  const storeRow = stores?.[0] as StoreRow | undefined;
  if (!storeRow) throw new OperatorError(`store "${options.storeId}" does not exist`);
  const store = storeFromRow(storeRow);
  const candidates = (connections ?? []).filter((c) => !options.platform || c.provider === options.platform);
  if (candidates.length !== 1) {
    throw new OperatorError(
      candidates.length
        ? `store "${options.storeId}" is connected to ${candidates.map((c) => c.provider).join(" and ")}: say which with --platform`
        : `store "${options.storeId}" has no ${options.platform ?? "platform"} connection (npm run doorstep -- store:connect)`,
    );
  }
  const connection = candidates[0]!;
  const platform = connection.provider as Platform;
  const settings = JSON.parse(String(connection.settings)) as Record<string, string>;
  const secrets = await openJson<Record<string, string>>(options.secretKey, String(connection.secrets_sealed)).catch(() => {
    throw new OperatorError("cannot open the connection's credentials: is DOORSTEP_SECRET_KEY the one they were sealed with?");
  });

  let pages: AsyncGenerator<unknown[]>;
  let map: (raw: unknown) => MappedOrder;
  if (platform === "shopify") {
    if (!secrets.token)
      throw new OperatorError("the Shopify connection has no Admin API token: connect again with --token shpat_… (scope read_orders)");
    pages = shopifyOrderPages({ ...options, base: process.env.SHOPIFY_API_URL ?? `https://${settings.shop}`, token: secrets.token, since });
    map = (raw) => mapShopifyGraphqlOrder(raw as GraphqlOrder, now);
  } else {
    if (!secrets.key || !secrets.consumerSecret)
      throw new OperatorError(
        "the WooCommerce connection has no REST API keys: connect again with --key ck_… --consumer-secret cs_… (Read access)",
      );
    pages = wooOrderPages({ ...options, site: settings.site!, key: secrets.key, secret: secrets.consumerSecret, since });
    map = (raw) => wooOrder(wooSchema.parse(raw), now, { consentMetaKey: settings.consentMetaKey });
  }

  const summary: BackfillSummary = {
    storeId: store.id,
    platform,
    since: since.toISOString(),
    pages: 0,
    orders: 0,
    created: 0,
    updated: 0,
    stale: 0,
    failed: [],
  };
  for await (const page of pages) {
    summary.pages++;
    const mapped: MappedOrder[] = [];
    for (const raw of page) {
      try {
        mapped.push(map(raw));
      } catch (error) {
        const id =
          (raw as { name?: string; number?: string; id?: string } | null)?.name ?? String((raw as { id?: unknown } | null)?.id ?? "?");
        summary.failed.push({ order: id, reason: `not an order this backfill can read: ${(error as Error).message.slice(0, 200)}` });
      }
    }
    if (!mapped.length) continue;
    const state = backfillState(
      await query(
        backfillStateStatements(
          store.id,
          mapped.map((m) => m.id),
          mapped.flatMap((m) => m.lines.map((l) => l.sku)),
        ),
        target,
      ),
    );
    const statements: Statement[] = [];
    for (const order of mapped) {
      const { outcome, statements: writes } = backfillOrderStatements(store, order, state, newOrderToken(shard), now);
      summary.orders++;
      if (typeof outcome === "object") summary.failed.push({ order: order.number, reason: outcome.failed });
      else summary[outcome]++;
      statements.push(...writes);
    }
    if (statements.length) await d1Execute(toSqlScript(statements), target);
    options.log?.(`page ${summary.pages}: ${summary.orders} orders so far`);
  }
  return summary;
}
