import { Hono } from "hono";
import type { AppEnv } from "./http/app-env.ts";
import { renderError, renderNotFound } from "./http/errors.ts";
import { storageGuard } from "./http/storage.ts";
import { adminRoutes, adminSessionRoutes } from "./routes/admin.ts";
import { catalogRoutes } from "./routes/catalog.ts";
import { connectionsRoutes } from "./routes/connections.ts";
import { docsRoutes } from "./routes/docs.ts";
import { lookupRoutes } from "./routes/lookup.ts";
import { ordersRoutes } from "./routes/orders.ts";
import { carrierPerformanceRoutes, parcelsRoutes } from "./routes/parcels.ts";
import { orderShipmentsRoutes, shipmentEventsRoutes } from "./routes/shipments.ts";
import { shopperRoutes } from "./routes/shopper.ts";
import { storesRoutes } from "./routes/stores.ts";
import { webhooksRoutes } from "./routes/webhooks.ts";
import { deliverDue } from "./outbound/deliver.ts";
import { emitDueMoments } from "./lifecycle/moments.ts";
import { sweepDelays } from "./services/delay-sweep.ts";
import { registerDueParcels } from "./services/parcel-registration.ts";
import { recomputeAllSegments } from "./storage/offers.ts";
import { retentionStatements } from "./storage/erasure.ts";
import { runBatch } from "./storage/statement.ts";

/**
 * The Doorstep worker. Static widget files (doorstep.js and its view chunks) are served by Workers
 * static assets before this code runs; everything under /v1 is the API of docs/contract.md.
 */
const app = new Hono<AppEnv>()
  .use(storageGuard)
  .get("/v1/health", (c) => c.json({ ok: true }))
  .route("/v1", docsRoutes)
  .route("/v1/orders", ordersRoutes)
  .route("/v1/orders", orderShipmentsRoutes)
  .route("/v1/shipments", shipmentEventsRoutes)
  .route("/v1/webhooks", webhooksRoutes)
  .route("/v1/lookup", lookupRoutes)
  .route("/v1", catalogRoutes)
  // Before the admin routes: signing in is how a dashboard gets the credential they require.
  .route("/v1/admin/session", adminSessionRoutes)
  .route("/v1/admin/connections", connectionsRoutes)
  .route("/v1/admin/parcels", parcelsRoutes)
  .route("/v1/admin/carrier-performance", carrierPerformanceRoutes)
  .route("/v1/admin", adminRoutes)
  .route("/v1/stores", storesRoutes)
  .route("/v1/o", shopperRoutes);

app.onError(renderError);
app.notFound(renderNotFound);

/** The app itself, for tests that compare its routes with the OpenAPI document. */
export { app };

export default {
  fetch: app.fetch,
  /**
   * Cron Triggers (wrangler.toml): every minute, register new parcels with the store's aggregator,
   * sweep open orders for delays, send the lifecycle moments that are due and retry outbound webhooks
   * whose next attempt is due;
   * daily at 03:17 UTC, recompute every store's RFM cut points and clear what is past its retention.
   */
  scheduled(controller, env, ctx) {
    if (controller.cron === "17 3 * * *") {
      const now = new Date(controller.scheduledTime);
      ctx.waitUntil(Promise.all([recomputeAllSegments(env.DB, now), runBatch(env.DB, retentionStatements(now))]).then(() => undefined));
    }
    // Moments due now become outbound events first, so their webhooks go out in the same minute.
    else {
      ctx.waitUntil(registerDueParcels(env).then(() => undefined));
      // Delays noticed now become moments first, so their webhooks go out in the same minute.
      ctx.waitUntil(sweepDelays(env).then(() => emitDueMoments(env)).then(() => deliverDue(env, { limit: 100 })).then(() => undefined));
    }
  },
} satisfies ExportedHandler<Env>;
