import { Hono } from "hono";
import type { AppEnv } from "./http/app-env.ts";
import { renderError, renderNotFound } from "./http/errors.ts";
import { storageGuard } from "./http/storage.ts";
import { adminRoutes, adminSessionRoutes } from "./routes/admin.ts";
import { adminOrdersRoutes, dataRequestsRoutes } from "./routes/admin-orders.ts";
import { catalogRoutes } from "./routes/catalog.ts";
import { connectionsRoutes } from "./routes/connections.ts";
import { docsRoutes } from "./routes/docs.ts";
import { lookupRoutes } from "./routes/lookup.ts";
import { ordersRoutes } from "./routes/orders.ts";
import { platformsRoutes } from "./routes/platforms.ts";
import { orderShipmentsRoutes, shipmentEventsRoutes } from "./routes/shipments.ts";
import { shopperRoutes } from "./routes/shopper.ts";
import { storesRoutes } from "./routes/stores.ts";
import { webhooksRoutes } from "./routes/webhooks.ts";
import { deliverDue } from "./outbound/deliver.ts";
import { emitDueMoments } from "./lifecycle/moments.ts";
import { recomputeAllSegments } from "./storage/offers.ts";
import { retentionStatements } from "./storage/erasure.ts";
import { runBatch } from "./storage/statement.ts";
import { processDueDeliveries } from "./services/platform-process.ts";
import { platformRetentionStatements } from "./storage/platform-deliveries.ts";

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
  .route("/v1/platforms", platformsRoutes)
  .route("/v1/lookup", lookupRoutes)
  .route("/v1", catalogRoutes)
  // Before the admin routes: signing in is how a dashboard gets the credential they require.
  .route("/v1/admin/session", adminSessionRoutes)
  .route("/v1/admin/connections", connectionsRoutes)
  .route("/v1/admin/orders", adminOrdersRoutes)
  .route("/v1/admin/data-requests", dataRequestsRoutes)
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
   * Cron Triggers (wrangler.toml): every minute, send the lifecycle moments that are due, retry
   * outbound webhooks whose next attempt is due and platform deliveries whose processing failed;
   * daily at 03:17 UTC, recompute every store's RFM cut points and clear what is past its retention.
   */
  scheduled(controller, env, ctx) {
    if (controller.cron === "17 3 * * *") {
      const now = new Date(controller.scheduledTime);
      ctx.waitUntil(Promise.all([recomputeAllSegments(env.DB, now), runBatch(env.DB, [...retentionStatements(now), ...platformRetentionStatements(now)])]).then(() => undefined));
    }
    // Moments due now become outbound events first, so their webhooks go out in the same minute.
    // Platform deliveries whose processing failed for a moment are retried beside them.
    else {
      ctx.waitUntil(emitDueMoments(env).then(() => deliverDue(env, { limit: 100 })).then(() => undefined));
      ctx.waitUntil(processDueDeliveries(env).then(() => undefined));
    }
  },
} satisfies ExportedHandler<Env>;
