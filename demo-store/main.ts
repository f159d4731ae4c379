/**
 * Runs the demo shop on its own, against a worker that is already running, for manual poking:
 *   WORKER_ORIGIN=http://127.0.0.1:8787 STORE_ID=demo DEMO_API_KEY=... node demo-store/main.ts
 * (`npm run demo` does all of this, and creates the store, for you.)
 */
import { startDemoStore } from "./server.ts";

const apiKey = process.env.DEMO_API_KEY;
if (!apiKey) {
  console.error("Set DEMO_API_KEY to the demo store's API key (printed by `npm run doorstep -- store:create`).");
  process.exit(1);
}

const shop = await startDemoStore({
  port: Number(process.env.DEMO_PORT ?? 3000),
  host: process.env.DEMO_HOST ?? "127.0.0.1",
  workerOrigin: process.env.WORKER_ORIGIN ?? "http://127.0.0.1:8787",
  storeId: process.env.STORE_ID ?? "demo",
  apiKey,
});
console.log(`Northwind Outfitters is open at ${shop.url}/`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    shop.close().then(() => process.exit(0));
  });
}
