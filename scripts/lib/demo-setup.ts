/**
 * Everything `npm run demo` and the end-to-end tests share: a migrated local D1 with the demo store,
 * the worker under `wrangler dev`, seeded orders posted over HTTP with the store's API key (as a
 * merchant's server would), and the demo shop's own server.
 */
import { join } from "node:path";
import { catalog } from "../../demo-store/catalog.ts";
import { demoOrders } from "../../demo-store/seed-orders.ts";
import { startDemoStore } from "../../demo-store/server.ts";
import { demoStoreSettings } from "../../demo-store/settings.ts";
import { aggregatorUrlVars } from "./aggregator-urls.ts";
import { ensureLocalSecretKey } from "./dev-vars.ts";
import { signedHeaders } from "./carrier-payloads.ts";
import { startCarrierSimulator, type CarrierSimulator } from "./carrier-simulator.ts";
import { demoShipmentPlan, type DemoPlan } from "./demo-shipments.ts";
import {
  createStore,
  parseSettings,
  rotateApiKey,
  rotateWebhookSecrets,
  storeExists,
  updateStore,
  type StoreCredentials,
} from "./store-admin.ts";
import { seedDemoHistory } from "./demo-history/seed.ts";
import { d1File } from "./local-d1.ts";
import { shardOfStore } from "./shards.ts";
import { applyMigrations, ROOT, startWorker, type D1Target } from "./wrangler.ts";
import { randomToken } from "../../worker/crypto/random.ts";
import type { OrderInput } from "../../worker/schemas/order.ts";
import {
  DEMO_SHOP,
  sendShopifyWebhook,
  shopifyEventFor,
  shopifyFulfillmentFor,
  shopifyOrderFor,
  waitForOrderToken,
  type ShopifySender,
} from "./shopify-sender.ts";
import { deliveriesRecorded, deliveriesReached } from "./webhooks-drained.ts";

export const DEMO_STORE_ID = "demo";

export interface DemoOptions {
  workerPort: number;
  storePort: number;
  /** Host the shop is opened on; the store registers it and its 127.0.0.1/localhost twin. */
  storeHost?: string;
  persistTo?: string;
  /** How often the carrier simulator moves the live parcel on; 0 leaves it where the seed put it. */
  carrierEveryMs?: number;
  log?: (line: string) => void;
  /** Another wrangler configuration for the worker (see startWorker). */
  workerConfig?: string;
  /**
   * Called once if `wrangler dev` exits on its own, with its exit code and last output. The demo does
   * not start it again: a worker that dies under a browser is a bug to see and fix, not to paper over
   * (wrangler 4.124's ProxyWorker did; 4.164 is pinned because it does not).
   */
  onWorkerExit?: (report: string) => void;
  /** More `--var`s for the worker; EASYPOST_API_URL and AFTERSHIP_API_URL come from the environment too. */
  vars?: Record<string, string>;
  /**
   * "shopify": the shop runs as a Shopify store would. The demo store is connected to Shopify, and its
   * orders, parcels and the merchant's scans arrive as signed Shopify webhooks (orders/create,
   * fulfillments/create, fulfillment_events/create) instead of the merchant API.
   */
  as?: "shopify";
}

export interface RunningDemo {
  workerOrigin: string;
  /** The `wrangler dev` process serving workerOrigin. */
  workerPid: number;
  storeUrl: string;
  apiKey: string;
  webhookSecrets: StoreCredentials["webhookSecrets"];
  seeded: { orderId: string; orderToken: string; statusUrl: string }[];
  plan: DemoPlan;
  stop(): Promise<void>;
}

export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const target: D1Target = { persistTo: options.persistTo };
  const storeOrigin = `http://${options.storeHost ?? "localhost"}:${options.storePort}`;
  const secretKey = ensureLocalSecretKey();
  await applyMigrations(target);

  const settings = parseSettings(demoStoreSettings(storeOrigin));
  let apiKey: string;
  let webhookSecrets: StoreCredentials["webhookSecrets"];
  if (await storeExists(DEMO_STORE_ID, target)) {
    // Credentials were printed once, when the store was made; the demo simply issues itself new ones.
    await updateStore(DEMO_STORE_ID, settings, target);
    apiKey = (await rotateApiKey(DEMO_STORE_ID, target)).apiKey;
    webhookSecrets = (await rotateWebhookSecrets(DEMO_STORE_ID, secretKey, target)).webhookSecrets;
  } else {
    ({ apiKey, webhookSecrets } = await createStore(DEMO_STORE_ID, settings, secretKey, target));
  }
  // Weeks of past orders, views, answers and offers for the dashboard, written into the local D1 file
  // while no worker holds it (once: a store that has them keeps them). wrangler's own default folder
  // when no persistence folder is given.
  const history = seedDemoHistory(d1File(options.persistTo ?? join(ROOT, ".wrangler/state"), await shardOfStore(DEMO_STORE_ID, target)), {
    storeId: DEMO_STORE_ID,
    now: new Date(),
    shopOrigin: storeOrigin,
  });
  if (!history.skipped) options.log?.(`Demo history: ${history.orders} past orders written in ${history.seconds.toFixed(2)} s`);

  // Local only: outbound webhooks may reach a receiver on this machine (the e2e tests' on 127.0.0.1);
  // production keeps wrangler.toml's "false" (worker/domain/webhook-target.ts).
  const worker = await startWorker({
    port: options.workerPort,
    persistTo: options.persistTo,
    config: options.workerConfig,
    vars: { OUTBOUND_ALLOW_LOOPBACK: "true", ...aggregatorUrlVars(), ...options.vars },
  });
  let stopped = false;
  void worker.exited.then(({ code, signal, expected }) => {
    if (expected || stopped) return;
    options.onWorkerExit?.(
      `wrangler dev (pid ${worker.pid}) exited on its own with code ${code}, signal ${signal}. ` +
        `It should never do that: report it with its last output:\n${worker.logTail()}`,
    );
  });
  try {
    const shopify = options.as === "shopify" ? await connectShopify(worker.origin, apiKey) : undefined;
    const placeOrder = async (order: OrderInput) => {
      if (shopify) {
        const payload = shopifyOrderFor(order);
        await sendShopifyWebhook(shopify, "orders/create", payload);
        return waitForOrderToken(worker.origin, apiKey, String(payload.id));
      }
      const res = await fetch(`${worker.origin}/v1/orders`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` },
        body: JSON.stringify(order),
      });
      if (!res.ok) throw new Error(`seeding order ${order.id} failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as { orderToken: string; statusUrl: string };
    };
    const seeded = [];
    for (const order of demoOrders(new Date(), storeOrigin)) seeded.push({ orderId: order.id, ...(await placeOrder(order)) });
    await seedOffers(worker.origin, apiKey, storeOrigin);
    const plan = demoShipmentPlan(new Date());
    const before = await deliveriesRecorded(target, DEMO_STORE_ID);
    const sent = await seedShipments(worker.origin, apiKey, webhookSecrets, plan, shopify);
    // Webhooks are enqueued and recorded by the queue's consumer moments after their 202 (issue 23):
    // the demo is ready, and its seeded states readable, once they are in.
    const recorded = { carrier: before.carrier + sent.carrier, platformSettled: before.platformSettled + sent.platform };
    if (!(await deliveriesReached(target, DEMO_STORE_ID, recorded)))
      throw new Error(`the seeded webhooks were not recorded within a minute (${JSON.stringify(recorded)} expected)`);
    let simulator: CarrierSimulator | undefined;
    if (options.carrierEveryMs) {
      simulator = startCarrierSimulator({
        workerOrigin: worker.origin,
        storeId: DEMO_STORE_ID,
        secret: webhookSecrets.easypost,
        plan,
        everyMs: options.carrierEveryMs,
        log: options.log,
      });
    }
    const shop = await startDemoStore({
      port: options.storePort,
      host: "127.0.0.1",
      workerOrigin: worker.origin,
      storeId: DEMO_STORE_ID,
      apiKey,
      ...(shopify
        ? {
            placeOrder: async (order: OrderInput) => {
              try {
                return { ok: true as const, ...(await placeOrder(order)) };
              } catch (error) {
                console.error(`demo store: the Shopify webhook for ${order.id} failed: ${String(error)}`);
                return { ok: false as const, message: "Our order service had a problem on its side. Please try again." };
              }
            },
          }
        : {}),
    });
    return {
      workerOrigin: worker.origin,
      workerPid: worker.pid,
      storeUrl: storeOrigin,
      apiKey,
      webhookSecrets,
      seeded,
      plan,
      async stop() {
        stopped = true;
        simulator?.stop();
        await shop.close();
        await worker.stop();
      },
    };
  } catch (error) {
    stopped = true;
    await worker.stop();
    throw error;
  }
}

/** The demo store linked to a (pretend) Shopify shop, as `store:connect --platform shopify` would. */
async function connectShopify(origin: string, apiKey: string): Promise<ShopifySender> {
  const secret = `shpss_${randomToken(24)}`;
  const res = await fetch(`${origin}/v1/admin/connections/shopify`, {
    method: "PUT",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ shop: DEMO_SHOP, secret }),
  });
  if (!res.ok) throw new Error(`connecting the demo store to Shopify failed: ${res.status} ${await res.text()}`);
  return { workerOrigin: origin, storeId: DEMO_STORE_ID, secret, shop: DEMO_SHOP };
}

/**
 * Registers the demo parcels and their history as a merchant's server and the aggregators would; as
 * Shopify would (fulfillments and fulfillment events) when the demo runs as a Shopify store.
 */
async function seedShipments(
  origin: string,
  apiKey: string,
  secrets: StoreCredentials["webhookSecrets"],
  plan: DemoPlan,
  shopify?: ShopifySender,
): Promise<{ carrier: number; platform: number }> {
  const sent = { carrier: 0, platform: 0 };
  const post = async (path: string, body: unknown, headers: Record<string, string>) => {
    const text = JSON.stringify(body);
    const res = await fetch(`${origin}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body: text,
    });
    if (!res.ok) throw new Error(`seeding ${path} failed: ${res.status} ${await res.text()}`);
  };
  const merchant = { Authorization: `Bearer ${apiKey}` };
  for (const { orderId, shipment, merchantEvents, webhooks } of plan.shipments) {
    if (shopify) {
      await sendShopifyWebhook(shopify, "fulfillments/create", shopifyFulfillmentFor(orderId, shipment, new Date().toISOString()));
      sent.platform++;
      for (const event of merchantEvents ?? []) {
        await sendShopifyWebhook(shopify, "fulfillment_events/create", shopifyEventFor(orderId, shipment.id, event));
        sent.platform++;
      }
    } else {
      await post(`/v1/orders/${encodeURIComponent(orderId)}/shipments`, shipment, merchant);
      for (const event of merchantEvents ?? []) await post(`/v1/shipments/${encodeURIComponent(shipment.id)}/events`, event, merchant);
    }
    for (const { vendor, payload } of webhooks ?? []) {
      const body = JSON.stringify(payload);
      await post(`/v1/webhooks/${vendor}/${DEMO_STORE_ID}`, payload, await signedHeaders(vendor, secrets[vendor], body));
      sent.carrier++;
    }
  }
  return sent;
}

/** The shop's catalog and offer rules, as its server would send them. */
async function seedOffers(origin: string, apiKey: string, shop: string) {
  const put = async (path: string, body: unknown) => {
    const res = await fetch(`${origin}${path}`, {
      method: "PUT",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`seeding ${path} failed: ${res.status} ${await res.text()}`);
  };
  await put(
    "/v1/catalog",
    catalog.map((p) => ({
      sku: p.sku,
      name: p.name,
      family: p.family,
      // No currency: the shop charges the same figure in dollars and euros, so offers follow the order's.
      price: p.price,
      url: new URL(`/products/${p.sku}`, shop).href,
      imageUrl: new URL(p.image, shop).href,
      // Socks wear out; the rest is bought again when it suits the shopper.
      replenishDays: p.family === "socks" ? 90 : undefined,
    })),
  );
  await put("/v1/offer-rules", {
    crossSell: { footwear: ["trail-sock-3pack"], "summit-daypack": ["beacon-headlamp"] },
    education: { footwear: { title: "Breaking in your new shoes", url: new URL("/help", shop).href } },
    holdoutShare: 0.1,
  });
}
