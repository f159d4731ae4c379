import { Hono } from "hono";
import type { AppEnv } from "./http/app-env.ts";
import { countAnswers } from "./http/after-answer.ts";
import { renderError, renderNotFound } from "./http/errors.ts";
import { storageGuard } from "./http/storage.ts";
import { mount } from "./http/declared.ts";
import { adminRoutes } from "./routes/admin.ts";
import { adminOrderRoutes } from "./routes/admin-orders.ts";
import { catalogRoutes } from "./routes/catalog.ts";
import { connectionRoutes } from "./routes/connections.ts";
import { deadLetterRoutes } from "./routes/dead-letters.ts";
import { docsRoutes } from "./routes/docs.ts";
import { lookupPreflight, lookupRoutes } from "./routes/lookup.ts";
import { orderRoutes } from "./routes/orders.ts";
import { shipmentRoutes } from "./routes/shipments.ts";
import { shopperRoutes, tokenPreflight } from "./routes/shopper.ts";
import { configPreflight, storeRoutes } from "./routes/stores.ts";
import { webhookRoutes } from "./routes/webhooks.ts";
import { selfServiceRoutes } from "./routes/self-service.ts";
import { surveyRoutes } from "./routes/surveys.ts";
import { webhookEndpointRoutes } from "./routes/webhook-endpoints.ts";
import { deliverDue } from "./services/outbound-delivery.ts";
import { emitDueMoments } from "./services/lifecycle-moments.ts";
import { parcelRoutes } from "./routes/parcels.ts";
import { privacyRoutes } from "./routes/privacy.ts";
import { sweepDelays } from "./services/delay-sweep.ts";
import { registerDueParcels } from "./services/parcel-registration.ts";
import { recomputeAllSegments } from "./storage/offers.ts";
import { clearExpired } from "./storage/erasure.ts";
import { platformRoutes } from "./routes/platforms.ts";
import { reviewRoutes } from "./routes/reviews.ts";
import { purgeDeletedPhotos } from "./services/review-photos.ts";
import { processDueDeliveries } from "./services/platform-process.ts";
import { clearExpiredDeliveries } from "./storage/platform-deliveries.ts";
import { consumeQueue } from "./services/event-queue.ts";
import { withFaultsFrom } from "./storage/faults.ts";
import { HOME_SHARD } from "./domain/shards.ts";
import { databaseForStore, forEachShard, type ShardEnv } from "./services/shards.ts";

/**
 * The Doorstep worker. Static widget files (doorstep.js and its view chunks) are served by Workers
 * static assets before this code runs; everything under /v1 is the API of docs/contract.md.
 */
const app = new Hono<AppEnv>()
  // Work deferred past an answer waits while others are being answered (http/after-answer.ts).
  .use(countAnswers)
  .use(storageGuard)
  // CORS preflights: answered for the pages that may call, never operations of their own.
  .options("/v1/o/:token", tokenPreflight)
  .options("/v1/o/:token/*", tokenPreflight)
  .options("/v1/lookup", lookupPreflight)
  .options("/v1/stores/:storeId/config", configPreflight)
  .options("/v1/stores/:storeId/products/*", configPreflight);

// Every operation at the method and path its declaration gives (openapi/operations.ts), behind the
// credential check it names: the OpenAPI document is built from the same declarations.
mount(app, [
  ...docsRoutes,
  ...orderRoutes,
  ...shipmentRoutes,
  ...catalogRoutes,
  ...connectionRoutes,
  ...parcelRoutes,
  ...adminOrderRoutes,
  ...privacyRoutes,
  // Before adminRoutes: /v1/admin/reviews/moderation and /summary are not a review export.
  ...reviewRoutes,
  ...deadLetterRoutes,
  ...adminRoutes,
  ...webhookRoutes,
  ...platformRoutes,
  ...selfServiceRoutes,
  ...surveyRoutes,
  ...webhookEndpointRoutes,
  ...storeRoutes,
  ...lookupRoutes,
  ...shopperRoutes,
]);

/** The Cron Triggers' work for one cron expression, in every shard; settles when all of it has run. */
export function runScheduled(cron: string, now: Date, env: Env): Promise<void> {
  const perShard = (task: (env: ShardEnv) => Promise<unknown>) => forEachShard(env, task).catch(() => undefined);
  if (cron === "17 3 * * *") {
    return perShard((shard) =>
      Promise.all([recomputeAllSegments(shard.DB, now), clearExpired(shard.DB, now), clearExpiredDeliveries(shard.DB, now)]),
    ).then(() => undefined);
  }
  return Promise.all([
    perShard((shard) => registerDueParcels(shard)),
    // Delays noticed now become moments first, and moments due now outbound events, so their webhooks
    // go out in the same minute.
    perShard((shard) =>
      sweepDelays(shard)
        .then(() => emitDueMoments(shard))
        .then(() => deliverDue(shard, { limit: 100 })),
    ),
    // Platform deliveries whose processing failed for a moment are retried beside them.
    perShard((shard) => processDueDeliveries(shard)),
    // Erased customers' review photos (queued by erasures the API did not finish, the CLI's, a platform's).
    perShard((shard) => purgeDeletedPhotos(shard)),
  ]).then(() => undefined);
}

app.onError(renderError);
app.notFound(renderNotFound);

/** The app itself, for tests that compare its routes with the OpenAPI document. */
export { app };

export default {
  fetch: app.fetch,
  /**
   * Queue consumers (wrangler.toml): widget events enqueued by POST /v1/o/{token}/events, written in
   * batches; carrier and platform webhooks, applied a store's group at a time (services/webhook-queue.ts);
   * and the dead-letter queue's messages, kept for the merchant (services/event-queue.ts).
   * The test-only fault hook applies here as to requests, so the load run fails consumer writes too.
   */
  async queue(batch, env: Env & { DOORSTEP_FAULTS?: string }) {
    // Each message's store's shard (a message without a store id to read is kept in s0).
    const databaseFor = async (storeId: string | null) => {
      const { shard, db } = storeId === null ? { shard: HOME_SHARD, db: env.DB } : await databaseForStore(env, storeId);
      return { shard, db: withFaultsFrom(db, env.DOORSTEP_FAULTS) };
    };
    await consumeQueue(batch, env, databaseFor, new Date());
  },
  /**
   * Cron Triggers (wrangler.toml): every minute, register new parcels with the store's aggregator,
   * sweep open orders for delays, send the lifecycle moments that are due and retry outbound webhooks
   * whose next attempt is due;
   * daily at 03:17 UTC, recompute every store's RFM cut points and clear what is past its retention.
   * Every task runs once per shard, on that shard's database (services/shards.ts); a shard whose pass
   * fails does not stop the others.
   */
  scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduled(controller.cron, new Date(controller.scheduledTime), env));
  },
} satisfies ExportedHandler<Env>;
