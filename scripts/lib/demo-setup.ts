/**
 * Everything `npm run demo` and the end-to-end tests share: a migrated local D1 with the demo store,
 * the worker under `wrangler dev`, seeded orders posted over HTTP with the store's API key (as a
 * merchant's server would), and the demo shop's own server.
 */
import { demoOrders } from "../../demo-store/seed-orders.ts";
import { startDemoStore } from "../../demo-store/server.ts";
import { demoStoreSettings } from "../../demo-store/settings.ts";
import { ensureLocalSecretKey } from "./dev-vars.ts";
import { createStore, parseSettings, rotateApiKey, storeExists, updateStore } from "./store-admin.ts";
import { applyMigrations, startWorker, type D1Target } from "./wrangler.ts";

export const DEMO_STORE_ID = "demo";

export interface DemoOptions {
  workerPort: number;
  storePort: number;
  /** Host the shop is opened on; the store registers it and its 127.0.0.1/localhost twin. */
  storeHost?: string;
  persistTo?: string;
}

export interface RunningDemo {
  workerOrigin: string;
  storeUrl: string;
  apiKey: string;
  seeded: { orderId: string; orderToken: string; statusUrl: string }[];
  stop(): Promise<void>;
}

export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const target: D1Target = { persistTo: options.persistTo };
  const storeOrigin = `http://${options.storeHost ?? "localhost"}:${options.storePort}`;
  const secretKey = ensureLocalSecretKey();
  await applyMigrations(target);

  const settings = parseSettings(demoStoreSettings(storeOrigin));
  let apiKey: string;
  if (await storeExists(DEMO_STORE_ID, target)) {
    // The key was printed once, when the store was made; the demo simply issues itself a new one.
    await updateStore(DEMO_STORE_ID, settings, target);
    apiKey = (await rotateApiKey(DEMO_STORE_ID, target)).apiKey;
  } else {
    apiKey = (await createStore(DEMO_STORE_ID, settings, secretKey, target)).apiKey;
  }

  const worker = await startWorker({ port: options.workerPort, persistTo: options.persistTo });
  try {
    const seeded = [];
    for (const order of demoOrders(new Date(), storeOrigin)) {
      const res = await fetch(`${worker.origin}/v1/orders`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` },
        body: JSON.stringify(order),
      });
      if (!res.ok) throw new Error(`seeding order ${order.id} failed: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { orderToken: string; statusUrl: string };
      seeded.push({ orderId: order.id, ...body });
    }
    const shop = await startDemoStore({
      port: options.storePort,
      host: "127.0.0.1",
      workerOrigin: worker.origin,
      storeId: DEMO_STORE_ID,
      apiKey,
    });
    return {
      workerOrigin: worker.origin,
      storeUrl: storeOrigin,
      apiKey,
      seeded,
      async stop() {
        await shop.close();
        await worker.stop();
      },
    };
  } catch (error) {
    await worker.stop();
    throw error;
  }
}
