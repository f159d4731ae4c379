/** `npm run demo`: the demo shop and the worker on local defaults, with the URLs to open. */
import { buildWidget } from "./lib/build.ts";
import { DEMO_STORE_ID, startDemo } from "./lib/demo-setup.ts";
import { createLoginLink } from "./lib/store-admin.ts";

const workerPort = Number(process.env.PORT ?? 8787);
// `npm run demo -- --as shopify`: the shop plays a Shopify store, posting signed Shopify webhooks.
const asIndex = process.argv.indexOf("--as");
const as = asIndex >= 0 ? process.argv[asIndex + 1] : undefined;
if (as !== undefined && as !== "shopify") {
  console.error(`--as takes "shopify" (got ${JSON.stringify(as)})`);
  process.exit(2);
}
const storePort = Number(process.env.DEMO_PORT ?? 3000);

console.log("Building the widget…");
await buildWidget();
console.log("Migrating local D1, creating the demo store, starting the worker…");
const carrierEveryMs = Number(process.env.DEMO_CARRIER_SECONDS ?? 12) * 1000;
const demo = await startDemo({
  workerPort,
  storePort,
  carrierEveryMs,
  as,
  log: (line) => console.log(line),
  // Without its worker the shop shows nothing but errors: say why, loudly, and stop.
  onWorkerExit: (report) => {
    console.error(`\n✘ The Doorstep worker stopped, so the demo stops too.\n${report}`);
    process.exit(1);
  },
});
const token = (orderId: string) => demo.seeded.find((o) => o.orderId === orderId)?.orderToken ?? "";

const [first] = demo.seeded;
const login = await createLoginLink(DEMO_STORE_ID, demo.workerOrigin, {});
console.log(`
Doorstep demo is running.

  Demo shop            ${demo.storeUrl}/
  A confirmation page  ${demo.storeUrl}/thank-you?order=${first?.orderToken ?? ""}
  Live tracking        ${first?.statusUrl ?? ""}
                       (a simulated carrier moves this parcel on every ${carrierEveryMs / 1000} s via signed EasyPost webhooks)
  Two parcels          ${demo.storeUrl}/orders/status?order=${token("NW-1002")}
  Delayed              ${demo.storeUrl}/orders/status?order=${token("NW-1003")}
  Delivered            ${demo.storeUrl}/orders/status?order=${token("NW-1004")}
                       (delivered yesterday: the survey and reviews are open inside tracking)
  Survey page          ${demo.storeUrl}/feedback?order=${token("NW-1004")}
  Product reviews      ${demo.storeUrl}/products/summit-daypack
                       (every product page shows its reviews, and their JSON-LD in <head>)
  Find an order        ${demo.storeUrl}/orders/status   (NW-1004 + luis.ortega@example.com)
  Offers (API)         ${demo.workerOrigin}/v1/o/${first?.orderToken ?? ""}/offers?placement=confirmation
  Merchant dashboard   ${login.url}
                       (signs in once, within 15 minutes; for another: npm run doorstep -- admin:login-link --id demo)
  Worker API           ${demo.workerOrigin}/v1/health
  Widget script        ${demo.workerOrigin}/doorstep.js

${
  as === "shopify"
    ? `Running as a Shopify store: orders, fulfillments and the merchant's scans arrive as signed Shopify
webhooks (orders/create, fulfillments/create, fulfillment_events/create) at ${demo.workerOrigin}/v1/platforms/shopify/demo.
`
    : ""
}Place an order in the shop (any email works) to see a new confirmation page.
Demo store API key (local only): ${demo.apiKey}
Press Ctrl+C to stop.`);

// wrangler dev does not fire Cron Triggers: the demo runs the minute cron itself, as production would
// (lifecycle moments due, outbound webhook retries).
const cron = setInterval(() => {
  fetch(`${demo.workerOrigin}/__scheduled?cron=${encodeURIComponent("* * * * *")}`).catch(() => {});
}, 60_000);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping…");
    clearInterval(cron);
    demo.stop().then(() => process.exit(0));
  });
}
