/**
 * Operator commands: `npm run doorstep -- <command> [options]`. Results are one JSON object on stdout
 * (secrets appear there once and nowhere else); problems go to stderr with a non-zero exit.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { ensureLocalSecretKey } from "./lib/dev-vars.ts";
import { readableBranding } from "../worker/domain/contrast.ts";
import {
  addWebhookEndpoint,
  createLoginLink,
  createStore,
  defaultedSettings,
  eraseCustomer,
  OperatorError,
  parseRole,
  parseSettings,
  rotateApiKey,
  rotateWebhookSecrets,
  updateStore,
} from "./lib/store-admin.ts";
import type { D1Target } from "./lib/wrangler.ts";
import { connectStore } from "./lib/connect-store.ts";
import { backfillPlatform } from "./lib/platform-backfill.ts";

const HELP = `Doorstep operator commands (npm run doorstep -- <command> [options])

  store:create --id ID --name NAME --origin ORIGIN [--origin ORIGIN …] [--config FILE] [--shard sN]
      Creates a store and prints {"storeId","shard","apiKey","webhookSecrets"} once. FILE is JSON with any
      store settings (branding, support, returnPolicy, shipping, defaultLocale, locales, statusPageUrl).
      The store goes to --shard, or to the open shard (OPEN_SHARDS in wrangler.toml) with the fewest
      stores; it never moves. Every other command finds a store's shard in the directory itself.
  store:update --id ID --config FILE [--name NAME] [--origin ORIGIN …]
      Replaces a store's settings as a whole (not its credentials): whatever FILE leaves out goes back to
      its default, and the answer lists those settings ("defaulted") and the sections that changed
      ("changed", each recorded in the store's audit log). A key the settings do not have (a typo) is
      refused by name and nothing changes; store:create refuses it too. A merchant changes single
      sections with PATCH /v1/admin/settings, validated the same way.
  store:rotate-key --id ID
      Issues a new API key and prints it once; the old key stops working, and so does every dashboard
      session, unused sign-in link and scoped key made with it (or by what it made).
  store:rotate-webhook-secrets --id ID
      Issues new EasyPost and AfterShip webhook secrets and prints them once; the old ones stop working.
  store:connect --id ID --platform shopify --shop NAME.myshopify.com --secret CLIENT_SECRET [--token ADMIN_API_TOKEN]
  store:connect --id ID --platform woocommerce --site https://shop.example --secret WEBHOOK_SECRET [--key ck_… --consumer-secret cs_…]
                [--consent-meta KEY]
  store:connect --id ID --platform easypost|aftership|klaviyo --api-key KEY   [--url WORKER_ORIGIN]
      Links the store to its platform, tracking aggregator or email tool (credentials sealed like the
      webhook secrets; connecting again replaces them) and prints {"storeId","platform","webhookUrl",
      "topics"}: the URL to paste into the platform and the webhook topics to subscribe there.
      WooCommerce's --consent-meta names the order meta key the store's opt-in plugin keeps email
      marketing consent under ("1"/"yes"/"true" granted, "0"/"no"/"false" denied), when it is not
      Mailchimp for WooCommerce's mailchimp_woocommerce_is_subscribed (read anyway).
  platform:backfill --id ID [--days 60] [--platform shopify|woocommerce]
      Brings in the last N days of the connected platform's orders (60) with their parcels, through
      Shopify's Admin GraphQL API (needs the connection's --token) or WooCommerce's REST API (needs
      --key and --consumer-secret), page by page. Orders already stored in a newer version stay as they
      are; lifecycle moments whose time has passed are recorded as suppressed and never sent, only
      moments still ahead are scheduled. Prints {"storeId","platform","orders","created","updated",
      "stale","failed",…}. SHOPIFY_API_URL replaces https://NAME.myshopify.com (a local stand-in).
  webhook:add --id ID --url URL [--event TYPE …] [--allow-loopback]
      Sends the store's events (survey.submitted, survey.detractor, review.created; all without --event)
      to URL, signed; prints the endpoint's signing secret once (POST /v1/admin/webhooks does the same;
      merchants list, pause, test and remove endpoints under /v1/admin/webhooks). URL must be https:// to a public host
      name on port 443: no IP addresses, localhost, .local/.internal or single-label names, credentials.
      --allow-loopback (local D1 only) also accepts a receiver on this machine (127.0.0.1, localhost,
      [::1], http too); the worker sends there only under wrangler dev with OUTBOUND_ALLOW_LOOPBACK=true.
  moments:run --key API_KEY [--url WORKER_ORIGIN] [--days N]
      Backfill of lifecycle moments for the key's store: recomputes the schedules of the last N days of
      orders (60), sends what is due (each moment once) and delivers the webhooks now. The Cron Trigger
      does the same every minute.
  customer:erase --id ID --customer CUSTOMER_ID
      Erases one customer's personal data (contacts, their words, carrier scans' words and payloads, and
      webhook payloads about their orders) and stops every later message to them; anonymous figures stay.
  admin:login-link --id ID [--role owner|analyst|support] [--person NAME] [--url WORKER_ORIGIN]
      Prints a dashboard link that signs in once, within 15 minutes, for 12 hours (default origin:
      http://127.0.0.1:8787, the local worker). The session does what its role may, whatever the page
      shows: owner (the default) everything; analyst reads figures and exports; support also handles
      orders, alerts, moments and order links, but changes no settings, endpoints or keys and erases no
      one. --person names whom the link is for in the store's audit log.
  help
      This text.

Every command works on the local D1 that \`npm run dev\` uses, or with --remote on production D1
(needs \`wrangler login\` or CLOUDFLARE_API_TOKEN, and DOORSTEP_SECRET_KEY set to the production secret),
in the shard the store lives in (the directory in the DB database says which; no row means s0).
--persist-to DIR points at another local D1 folder.`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    id: { type: "string" },
    name: { type: "string" },
    origin: { type: "string", multiple: true },
    url: { type: "string" },
    key: { type: "string" },
    customer: { type: "string" },
    days: { type: "string" },
    event: { type: "string", multiple: true },
    config: { type: "string" },
    remote: { type: "boolean", default: false },
    "allow-loopback": { type: "boolean", default: false },
    platform: { type: "string" },
    shop: { type: "string" },
    site: { type: "string" },
    secret: { type: "string" },
    token: { type: "string" },
    "consumer-secret": { type: "string" },
    "api-key": { type: "string" },
    "consent-meta": { type: "string" },
    "persist-to": { type: "string" },
    role: { type: "string" },
    shard: { type: "string" },
    person: { type: "string" },
  },
});

function need(value: string | undefined, flag: string): string {
  if (!value) throw new OperatorError(`missing --${flag} (see: npm run doorstep -- help)`);
  return value;
}

function readConfig(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch (error) {
    throw new OperatorError(`cannot read --config ${path}: ${(error as Error).message}`);
  }
}

function secretKey(target: D1Target): string {
  if (!target.remote) return ensureLocalSecretKey();
  const key = process.env.DOORSTEP_SECRET_KEY;
  if (!key) throw new OperatorError("set DOORSTEP_SECRET_KEY to the production secret for --remote");
  return key;
}

/** Brand colours the widget will adjust to be readable, said once, where the merchant set them. */
function brandingWarnings(settings: ReturnType<typeof parseSettings>) {
  const { adjustments } = readableBranding(settings.branding);
  for (const a of adjustments) {
    process.stderr.write(
      `doorstep: branding.${a.scheme === "dark" ? "dark." : ""}${a.color} ${a.from} reads at ${a.ratio}:1 on ${a.against} (WCAG AA needs 4.5:1); shoppers will see ${a.to}\n`,
    );
  }
  return adjustments.length ? { brandingAdjusted: adjustments } : {};
}

async function main(): Promise<unknown> {
  const target: D1Target = { remote: values.remote, persistTo: values["persist-to"] };
  const command = positionals[0] ?? "help";
  switch (command) {
    case "store:create": {
      const file = readConfig(values.config);
      const settings = parseSettings({
        ...file,
        name: values.name ?? file.name,
        origins: values.origin ?? file.origins,
      });
      return {
        ...(await createStore(need(values.id, "id"), settings, secretKey(target), target, { shard: values.shard })),
        ...brandingWarnings(settings),
      };
    }
    case "store:update": {
      const file = readConfig(need(values.config, "config"));
      const input = { ...file, name: values.name ?? file.name, origins: values.origin ?? file.origins };
      const settings = parseSettings(input);
      const { changed } = await updateStore(need(values.id, "id"), settings, target);
      // A full replace: settings the file leaves out are back to their defaults, and the answer names them.
      return {
        storeId: values.id,
        updated: true,
        replaced: true,
        defaulted: defaultedSettings(input),
        changed,
        ...brandingWarnings(settings),
      };
    }
    case "store:rotate-key":
      return rotateApiKey(need(values.id, "id"), target);
    case "store:rotate-webhook-secrets":
      return rotateWebhookSecrets(need(values.id, "id"), secretKey(target), target);
    case "store:connect": {
      const input = {
        platform: need(values.platform, "platform"),
        shop: values.shop,
        site: values.site,
        secret: values.secret,
        token: values.token,
        key: values.key,
        consumerSecret: values["consumer-secret"],
        apiKey: values["api-key"],
        consentMetaKey: values["consent-meta"],
      };
      const given = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
      return connectStore(need(values.id, "id"), given, secretKey(target), target, values.url ?? "http://127.0.0.1:8787");
    }
    case "platform:backfill":
      return backfillPlatform({
        storeId: need(values.id, "id"),
        days: Number(values.days ?? "60"),
        platform: values.platform,
        secretKey: secretKey(target),
        target,
        log: (line) => process.stderr.write(`doorstep: ${line}\n`),
      });
    case "webhook:add":
      return addWebhookEndpoint(need(values.id, "id"), need(values.url, "url"), values.event ?? [], secretKey(target), target, {
        allowLoopback: values["allow-loopback"],
      });
    case "customer:erase":
      return eraseCustomer(need(values.id, "id"), need(values.customer, "customer"), target);
    case "moments:run": {
      const origin = new URL(values.url ?? "http://127.0.0.1:8787").origin;
      const res = await fetch(`${origin}/v1/admin/moments/run?days=${encodeURIComponent(values.days ?? "60")}`, {
        method: "POST",
        headers: { Authorization: `Bearer ${need(values.key, "key")}` },
      });
      const body = (await res.json()) as unknown;
      if (!res.ok) throw new OperatorError(`moments:run failed (${res.status}): ${JSON.stringify(body)}`);
      return body;
    }
    case "admin:login-link":
      return createLoginLink(need(values.id, "id"), values.url ?? "http://127.0.0.1:8787", target, new Date(), {
        role: parseRole(values.role),
        person: values.person,
      });
    case "help":
    case "--help":
      process.stderr.write(`${HELP}\n`);
      return undefined;
    default:
      throw new OperatorError(`unknown command "${command}"\n\n${HELP}`);
  }
}

main().then(
  (result) => {
    if (result !== undefined) process.stdout.write(`${JSON.stringify(result)}\n`);
  },
  (error: unknown) => {
    process.stderr.write(`doorstep: ${error instanceof OperatorError ? error.message : (error as Error).stack}\n`);
    process.exitCode = 1;
  },
);
