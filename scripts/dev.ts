/** `npm run dev`: the worker alone under `wrangler dev`, with local D1 migrated first (contract §6). */
import { buildWidget } from "./lib/build.ts";
import { aggregatorUrlVars } from "./lib/aggregator-urls.ts";
import { ensureLocalSecretKey } from "./lib/dev-vars.ts";
import { applyMigrations, startWorker } from "./lib/wrangler.ts";

const port = Number(process.env.PORT ?? 8787);
ensureLocalSecretKey();
// The e2e suite runs this beside a worker serving the same dist/widget, already built: no rebuild there.
if (!process.env.DOORSTEP_DEV_NO_BUILD) await buildWidget();
await applyMigrations();
// EASYPOST_API_URL / AFTERSHIP_API_URL / KLAVIYO_API_URL from the environment, when set (a local stand-in of the vendors).
const worker = await startWorker({ port, logLevel: process.env.LOG_LEVEL ?? "info", echo: true, vars: aggregatorUrlVars() });
console.log(`Doorstep worker on ${worker.origin} (local D1 in .wrangler/state). Ctrl+C stops it.`);
console.log(`Create a store: npm run doorstep -- store:create --id acme --name "Acme" --origin https://acme.example`);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => worker.stop().then(() => process.exit(0)));
