/**
 * @vitest-environment node
 * `platform:backfill`'s reading of the platforms' APIs, against a local stand-in that answers as the
 * documented APIs do (scripts/lib/platform-stand-in.ts): cursor and page pagination, the date filter,
 * 429 with Retry-After, Shopify's THROTTLED answer, a 503 and a dropped connection waited out, and
 * refused credentials stopping the run with what the API said. Node project: it listens on a port.
 */
import { afterEach, describe, expect, it } from "vitest";
import { shopifyOrderPages, wooOrderPages } from "../../../scripts/lib/platform-api.ts";
import { shopifyGraphqlOrders, wooRestOrders } from "../../../scripts/lib/platform-samples.ts";
import { startPlatformStandIn, type StandIn } from "../../../scripts/lib/platform-stand-in.ts";
import { OperatorError } from "../../../scripts/lib/store-admin.ts";

const NOW = new Date("2026-12-06T12:00:00Z");
const SINCE = new Date(NOW.getTime() - 60 * 86_400_000);
let standIn: StandIn | undefined;
afterEach(async () => standIn?.close());

async function collect<T>(pages: AsyncGenerator<T[]>): Promise<T[][]> {
  const all: T[][] = [];
  for await (const page of pages) all.push(page);
  return all;
}

describe("reading Shopify's Admin GraphQL orders", () => {
  it("pages through every order since the date with cursors, waiting out 429, THROTTLED, a 503 and a dropped connection", async () => {
    // 130 orders over 90 days: the 60-day filter leaves those placed since.
    const orders = shopifyGraphqlOrders(130, NOW, 90);
    const expected = orders.filter((o) => Date.parse(o.createdAt!) >= SINCE.getTime());
    standIn = await startPlatformStandIn({
      shopifyToken: "shpat_test",
      shopifyOrders: orders,
      failures: { shopify: { 2: "429", 3: "throttled", 4: "503", 5: "drop" } },
    });
    const waits: number[] = [];
    const pages = await collect(
      shopifyOrderPages({ base: standIn.url, token: "shpat_test", since: SINCE, sleep: async (ms) => void waits.push(ms) }),
    );
    expect(pages.flat().map((o) => o.name)).toEqual(expected.map((o) => o.name));
    expect(pages.map((p) => p.length)).toEqual([50, 37]);
    // Retry-After: 1 → 1 s; THROTTLED: (752 − 702) / 100 per second → 0.5 s, at least 1 s.
    expect(waits.slice(0, 2)).toEqual([1000, 1000]);
    expect(waits).toHaveLength(4);
    const asked = standIn.requests.shopify;
    expect(asked[0]).toEqual({ after: null, query: `created_at:>='${SINCE.toISOString()}'`, first: 50 });
    expect(asked.at(-1)!.after).not.toBeNull();
  });

  it("stops at once when Shopify refuses the token, saying so", async () => {
    standIn = await startPlatformStandIn({ shopifyToken: "shpat_right", shopifyOrders: [] });
    const run = collect(shopifyOrderPages({ base: standIn.url, token: "shpat_wrong", since: SINCE, sleep: async () => {} }));
    await expect(run).rejects.toBeInstanceOf(OperatorError);
    await expect(run).rejects.toThrow(/refused the credentials \(401\).*Invalid API key or access token/);
  });

  it("gives up on an API that stays rate limited, instead of looping for ever", async () => {
    standIn = await startPlatformStandIn({
      shopifyToken: "t",
      shopifyOrders: [],
      failures: { shopify: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [i + 1, "429" as const])) },
    });
    await expect(collect(shopifyOrderPages({ base: standIn.url, token: "t", since: SINCE, sleep: async () => {} }))).rejects.toThrow(
      /still rate limited after 8 tries/,
    );
  });
});

describe("reading WooCommerce's REST orders", () => {
  it("pages by X-WP-TotalPages with Basic auth and the after filter, waiting out 429", async () => {
    const orders = wooRestOrders(230, NOW, 90);
    const expected = orders.filter((o) => Date.parse(`${o.date_created_gmt}Z`) > SINCE.getTime());
    standIn = await startPlatformStandIn({
      wooKey: "ck_test",
      wooSecret: "cs_test",
      wooOrders: orders,
      failures: { woocommerce: { 2: "429" } },
    });
    const waits: number[] = [];
    const pages = await collect(
      wooOrderPages({ site: `${standIn.url}/`, key: "ck_test", secret: "cs_test", since: SINCE, sleep: async (ms) => void waits.push(ms) }),
    );
    expect(pages.flat().map((o) => (o as { id: number }).id)).toEqual(expected.map((o) => o.id));
    expect(pages.map((p) => p.length)).toEqual([100, 53]);
    expect(waits).toEqual([1000]);
    expect(standIn.requests.woocommerce[0]!.get("after")).toBe(SINCE.toISOString());
    expect(standIn.requests.woocommerce.map((q) => q.get("page"))).toEqual(["1", "2", "2"]);
  });

  it("stops when WooCommerce refuses the keys, with its message", async () => {
    standIn = await startPlatformStandIn({ wooKey: "ck_a", wooSecret: "cs_a", wooOrders: [] });
    await expect(
      collect(wooOrderPages({ site: standIn.url, key: "ck_a", secret: "cs_wrong", since: SINCE, sleep: async () => {} })),
    ).rejects.toThrow(/refused the credentials \(401\).*Sorry, you cannot list resources/);
  });
});
