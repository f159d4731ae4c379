/**
 * The reviews view's module (`views/reviews.js`), for product pages:
 *
 *   <div data-doorstep="reviews" data-sku="TRAIL-1"></div>
 *
 * The product's published reviews (the summary, how many gave each star, the list ten at a time with
 * photos and the store's replies) in the store's branding and the shopper's language, and the product's
 * schema.org JSON-LD in the page's own `<head>` for search engines. Needs no order: the store comes
 * from the script tag's `data-store`. Never part of `views/app.js` (widget/views/modules.ts), so order
 * pages never pay for it and it pays for nothing of theirs.
 *
 * Not `startView` (mount.ts): that reads the shared catalogue (errors about orders, offers), one more
 * request for a shopper reading another language before anything can be drawn. Here the reviews are
 * asked for at once, beside the store's config; then only this view's words.
 */
import { render } from "preact";
import type { ProductReviewsAnswer } from "../../contract/reviews.ts";
import { getProductReviews, getStoreConfig, type Result } from "../api.ts";
import { emit, resolveLocale, warn, type MountView } from "../context.ts";
import { setStoreMessages } from "../i18n/index.ts";
import { applyTheme } from "../mount.ts";
import { fill } from "../styles.ts";
import base from "../ui/base.css?inline";
import { fetchJsonLd, placeJsonLd } from "./reviews/json-ld.ts";
import { loadReviewsText } from "./reviews/messages.ts";
import css from "./reviews/reviews.css?inline";
import { ReviewsView } from "./reviews/reviews-view.tsx";

export const mount: MountView = (root, ctx) => {
  const { host, api, storeId, view } = ctx;
  const sku = host.dataset.sku?.trim();
  if (!storeId || !sku) {
    warn(`the reviews view needs ${storeId ? 'data-sku="…" on its element' : 'data-store="…" on the script tag'}`);
    root.replaceChildren();
    emit(host, "error", { view, code: storeId ? "no_sku" : "no_store" });
    return () => {};
  }
  const first = getProductReviews(api, storeId, sku, "newest", 1);
  const config = getStoreConfig(api, storeId);
  const box = document.createElement("div");
  let stopped = false;
  let told = false;
  let unplace: (() => void) | undefined;

  /** After each answer: the first good one says ready and places the JSON-LD (once there are reviews). */
  const loaded = (result: Result<ProductReviewsAnswer>) => {
    if (stopped) return;
    if (!result.ok) {
      warn(`could not load the reviews of ${sku}: ${result.error.code} (${result.error.status})`);
      emit(host, "error", { view, code: result.error.code, status: result.error.status });
      return;
    }
    if (told) return;
    told = true;
    const { count, average } = result.data.aggregate;
    emit(host, "ready", { view, sku, count, average });
    // A page that renders the JSON-LD on its server says data-jsonld="off": one Product per page.
    if (count > 0 && host.dataset.jsonld != "off") {
      fetchJsonLd(api, storeId, sku).then((text) => {
        if (text && !stopped) unplace = placeJsonLd(sku, text);
      });
    }
  };

  (async () => {
    const store = await config;
    const settings = store.ok ? store.data : undefined;
    const locale = resolveLocale(ctx.locale, navigator.language, settings?.defaultLocale);
    setStoreMessages(settings?.messages, locale);
    const rt = await loadReviewsText(api, locale);
    const answer = await first;
    if (stopped) return;
    applyTheme(host, settings?.branding);
    // Right-to-left scripts mirror the layout (the CSS is in logical properties); ltr otherwise, since
    // direction would inherit from the page.
    box.lang = locale;
    box.dir = /^(ar|he|fa|ur)\b/.test(locale) ? "rtl" : "ltr";
    fill(root, base + css, ctx.nonce, box);
    render(
      <div class="ds">
        <ReviewsView
          rt={rt}
          locale={locale}
          api={api}
          storeId={storeId}
          sku={sku}
          storeName={settings?.name}
          first={answer}
          onLoad={loaded}
        />
      </div>,
      box,
    );
    loaded(answer);
  })().catch((err: unknown) => {
    if (stopped) return;
    warn("the reviews view failed", err);
    ctx.fail?.();
    emit(host, "error", { view, code: "render_failed" });
  });

  return () => {
    stopped = true;
    unplace?.();
    try {
      render(null, box);
    } catch {
      /* already gone */
    }
  };
};
