/**
 * `GET /v1/o/{token}?view=survey`, `confirmation` and `tracking` (issue 22): a view's part of the order, through the worker's
 * fetch handler on the real local D1, with everything the whole view's caching gives (issue 23): its own
 * ETag, a refresh answered 304 from one statement, its own entry in the edge cache, the D1 bookmark.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ConfirmationOrderView, OrderView, SurveyOrderView, TrackingOrderView } from "../../contract/order-view.ts";
import { BOOKMARK_HEADER, isBookmark } from "../../worker/http/d1-session.ts";
import worker from "../../worker/index.ts";
import { viewCacheKey } from "../../worker/services/order-view.ts";
import { wrapD1 } from "../../worker/storage/d1-wrapper.ts";
import { BASE, ORIGIN, storeWithOrder } from "./fixtures.ts";

let address = 0;

/** One request through the fetch handler, answering after its waitUntil work (the cache's put); `statements` lists its SQL. */
async function call(path: string, init: RequestInit = {}, statements?: string[]) {
  const headers = new Headers(init.headers);
  headers.set("CF-Connecting-IP", `192.0.2.${(address++ % 250) + 1}`);
  const DB = statements
    ? wrapD1(env.DB, (d1, run) => {
        statements.push(...d1.sql);
        return run();
      })
    : env.DB;
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${BASE}${path}`, { ...init, headers }), { ...env, DB } as Env, ctx);
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  return { status: res.status, etag: res.headers.get("ETag"), headers: res.headers, text };
}

const read = (path: string, headers: Record<string, string> = {}, statements?: string[]) =>
  call(path, { headers: { Origin: ORIGIN, ...headers } }, statements);

/** A tag this worker never made: the refresh is answered 200, from the edge cache when it keeps the answer. */
const OLD_CLIENT_TAG = 'W/"0123456789abcdefghijklmnopq"';

describe("GET /v1/o/{token}?view=survey", () => {
  it("answers only what the survey view reads, as the whole view has it, with an ETag of its own", async () => {
    const { token } = await storeWithOrder();
    const whole = await read(`/v1/o/${token}`);
    const part = await read(`/v1/o/${token}?view=survey`);
    expect(part.status).toBe(200);
    expect(part.headers.get("Content-Type")).toBe("application/json; charset=UTF-8");
    expect(part.headers.get("Cache-Control")).toBe("private, no-cache");
    expect(part.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
    const full = JSON.parse(whole.text) as OrderView;
    const view = JSON.parse(part.text) as SurveyOrderView;
    expect(Object.keys(view).sort()).toEqual(["feedback", "order", "shipments", "store", "surveys"]);
    expect(view.order).toEqual({
      number: full.order.number,
      currency: full.order.currency,
      locale: full.order.locale,
      total: full.order.total,
      lines: full.order.lines.map(({ sku, name }) => ({ sku, name })),
    });
    expect(view.feedback).toEqual({ survey: full.feedback.survey, reviews: full.feedback.reviews });
    expect(view.store.branding).toEqual(full.store.branding);
    expect(view.surveys?.post_delivery?.builtIn).toBe(true);
    expect(view.surveys?.post_delivery?.questions.map((q) => [q.id, q.text])).toEqual(
      full.surveys!.post_delivery!.questions.map((q) => [q.id, null]),
    );
    expect(part.text.length).toBeLessThan(whole.text.length / 2);
    // Same versions and time, another body: the tags must differ, or a browser could revalidate one with the other.
    expect(part.etag).toMatch(/^W\/"\d+s\.\d+\.\d+\.\w+"$/);
    expect(whole.etag).toMatch(/^W\/"\d+\.\d+\.\d+\.\w+"$/);
    expect(part.etag!.replace(/^W\/"(\d+)s\./, 'W/"$1.')).toBe(whole.etag);
  });

  it("a refresh from its tag: 304 from one statement; the whole view's tag does not stand for it, nor it for the whole", async () => {
    const { token } = await storeWithOrder();
    const whole = await read(`/v1/o/${token}`);
    const part = await read(`/v1/o/${token}?view=survey`);
    const statements: string[] = [];
    const again = await read(`/v1/o/${token}?view=survey`, { "If-None-Match": part.etag! }, statements);
    expect(again.status).toBe(304);
    expect(again.etag).toBe(part.etag);
    expect(again.headers.get("Cache-Control")).toBe("private, no-cache");
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/FROM order_tokens t/);

    const crossed = await read(`/v1/o/${token}?view=survey`, { "If-None-Match": whole.etag! });
    expect(crossed.status).toBe(200);
    expect(crossed.etag).toBe(part.etag);
    expect(crossed.text).toBe(part.text);
    const back = await read(`/v1/o/${token}`, { "If-None-Match": part.etag! });
    expect(back.status).toBe(200);
    expect(back.etag).toBe(whole.etag);
    expect(back.text).toBe(whole.text);
  });

  it("the edge cache keeps each under its own key: a refresh of either is served its own body without reading the view", async () => {
    const { token } = await storeWithOrder();
    const whole = await read(`/v1/o/${token}`);
    const part = await read(`/v1/o/${token}?view=survey`);
    const [, order, store] = /^W\/"\d+\.(\d+)\.(\d+)\./.exec(whole.etag!)!;
    const versions = { order: Number(order), store: Number(store) };
    const partKey = await viewCacheKey(BASE, token, versions, "survey");
    expect(partKey).not.toBe(await viewCacheKey(BASE, token, versions));
    expect(await (await caches.default.match(partKey))?.text()).toBe(part.text);
    expect(await (await caches.default.match(await viewCacheKey(BASE, token, versions)))?.text()).toBe(whole.text);

    for (const [path, first] of [
      [`/v1/o/${token}?view=survey`, part],
      [`/v1/o/${token}`, whole],
      [`/v1/o/${token}?view=survey`, part],
    ] as const) {
      const statements: string[] = [];
      const res = await read(path, { "If-None-Match": OLD_CLIENT_TAG }, statements);
      expect(res.status).toBe(200);
      expect(res.text).toBe(first.text);
      expect(res.etag).toBe(first.etag);
      // The head alone: the body came from the cache.
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatch(/FROM order_tokens t/);
    }
  });

  it("carries the D1 bookmark, and a read sent with a survey answer's bookmark sees the answer", async () => {
    const { token } = await storeWithOrder();
    const first = await read(`/v1/o/${token}?view=survey`);
    expect(isBookmark(first.headers.get(BOOKMARK_HEADER) ?? undefined)).toBe(true);
    const saved = await call(`/v1/o/${token}/survey`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: ORIGIN },
      body: JSON.stringify({ rating: 5 }),
    });
    expect(saved.status).toBe(200);
    const bookmark = saved.headers.get(BOOKMARK_HEADER)!;
    const after = await read(`/v1/o/${token}?view=survey`, { [BOOKMARK_HEADER]: bookmark, "If-None-Match": first.etag! });
    expect(after.status).toBe(200);
    expect(after.etag).not.toBe(first.etag);
    expect((JSON.parse(after.text) as SurveyOrderView).feedback.survey?.rating).toBe(5);
    expect(after.headers.get(BOOKMARK_HEADER)! >= bookmark).toBe(true);
    const refresh = await read(`/v1/o/${token}?view=survey`, { "If-None-Match": after.etag! });
    expect(refresh.status).toBe(304);
    expect(isBookmark(refresh.headers.get(BOOKMARK_HEADER) ?? undefined)).toBe(true);
  });

  it("with a placement's offers too: the survey view's part, and the offers", async () => {
    const { token } = await storeWithOrder();
    const res = await read(`/v1/o/${token}?view=survey&offers=survey`);
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text) as SurveyOrderView & { offers: { decisionId: string } };
    expect(Object.keys(body).sort()).toEqual(["feedback", "offers", "order", "shipments", "store", "surveys"]);
    expect(body.offers.decisionId).toMatch(/^dec_/);
  });

  it.each(["full", "lookup", "SURVEY", ""])("refuses ?view=%s: 422 with the usual error JSON", async (value) => {
    const { token } = await storeWithOrder();
    const res = await read(`/v1/o/${token}?view=${value}`);
    expect(res.status).toBe(422);
    const body = JSON.parse(res.text) as { error: { code: string; message: string; details: { path: string }[] } };
    expect(body.error.code).toBe("invalid_values");
    expect(body.error.details.map((d) => d.path)).toEqual(["view"]);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
  });
});

describe("GET /v1/o/{token}?view=confirmation", () => {
  it("answers what the thank-you page draws, as the whole view has it, with a tag and a cache entry of its own", async () => {
    const { token } = await storeWithOrder();
    const whole = await read(`/v1/o/${token}`);
    const part = await read(`/v1/o/${token}?view=confirmation`);
    expect(part.status).toBe(200);
    expect(part.headers.get("Cache-Control")).toBe("private, no-cache");
    const full = JSON.parse(whole.text) as OrderView;
    const view = JSON.parse(part.text) as ConfirmationOrderView;
    expect(Object.keys(view).sort()).toEqual(["delivery", "links", "order", "returns", "store", "storeId", "surveys"]);
    expect(view.order).toEqual(full.order);
    expect(view.store).toEqual(full.store);
    expect(view.surveys).toEqual(full.surveys?.confirmation ? { confirmation: full.surveys.confirmation } : {});
    expect(part.text).not.toContain("post_delivery");
    expect(part.text.length).toBeLessThan(whole.text.length * 0.7);
    expect(part.etag).toMatch(/^W\/"\d+c\.\d+\.\d+\.\w+"$/);
    expect(part.etag!.replace(/^W\/"(\d+)c\./, 'W/"$1.')).toBe(whole.etag);

    // A refresh: 304 from the token's head alone; the other bodies' tags do not stand for it.
    const statements: string[] = [];
    const again = await read(`/v1/o/${token}?view=confirmation`, { "If-None-Match": part.etag! }, statements);
    expect(again.status).toBe(304);
    expect(statements).toHaveLength(1);
    const survey = await read(`/v1/o/${token}?view=survey`);
    for (const other of [whole.etag!, survey.etag!]) {
      const crossed = await read(`/v1/o/${token}?view=confirmation`, { "If-None-Match": other });
      expect(crossed.status).toBe(200);
      expect(crossed.text).toBe(part.text);
    }
    const [, order, store] = /^W\/"\d+\.(\d+)\.(\d+)\./.exec(whole.etag!)!;
    const key = await viewCacheKey(BASE, token, { order: Number(order), store: Number(store) }, "confirmation");
    expect(await (await caches.default.match(key))?.text()).toBe(part.text);
  });

  it("with the thank-you page's offers, as the widget's loader asks: the part and the offers, never kept", async () => {
    const { token } = await storeWithOrder();
    const res = await read(`/v1/o/${token}?offers=confirmation&view=confirmation`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    const body = JSON.parse(res.text) as ConfirmationOrderView & { offers: { decisionId: string } };
    expect(Object.keys(body).sort()).toEqual(["delivery", "links", "offers", "order", "returns", "store", "storeId", "surveys"]);
    expect(body.offers.decisionId).toMatch(/^dec_/);
  });
});

describe("GET /v1/o/{token}?view=tracking", () => {
  it("answers the whole view but the thank-you page's survey, the built-in survey unworded; refreshes 304 from one statement", async () => {
    const { token } = await storeWithOrder();
    const whole = await read(`/v1/o/${token}`);
    const part = await read(`/v1/o/${token}?view=tracking`);
    expect(part.status).toBe(200);
    const full = JSON.parse(whole.text) as OrderView;
    const { surveys, ...view } = JSON.parse(part.text) as TrackingOrderView;
    const { surveys: _all, ...rest } = full;
    expect(view).toEqual(rest);
    expect(surveys?.post_delivery?.questions.map((q) => [q.id, q.text])).toEqual(
      full.surveys!.post_delivery!.questions.map((q) => [q.id, null]),
    );
    expect(part.text).not.toContain("heard_from");
    expect(part.etag).toMatch(/^W\/"\d+t\.\d+\.\d+\.\w+"$/);
    expect(part.etag!.replace(/^W\/"(\d+)t\./, 'W/"$1.')).toBe(whole.etag);

    const statements: string[] = [];
    const again = await read(`/v1/o/${token}?view=tracking`, { "If-None-Match": part.etag! }, statements);
    expect(again.status).toBe(304);
    expect(statements).toHaveLength(1);
    const crossed = await read(`/v1/o/${token}?view=tracking`, { "If-None-Match": whole.etag! });
    expect(crossed.status).toBe(200);
    expect(crossed.text).toBe(part.text);
  });

  it("with the tracking page's offers, as the widget's loader asks", async () => {
    const { token } = await storeWithOrder();
    const res = await read(`/v1/o/${token}?offers=tracking&view=tracking`);
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text) as TrackingOrderView & { offers: { decisionId: string } };
    expect(body.offers.decisionId).toMatch(/^dec_/);
    expect(body.shipments).toBeDefined();
    expect(res.text).not.toContain("heard_from");
  });
});
