/**
 * What a view needs before it can draw: the store's public config (branding, contacts) and, for order
 * views, the order; then the locale to speak. Loaded through api.ts only; failures are values.
 */
import type { OrderView } from "../contract/order-view.ts";
import type { StorePublicConfig } from "../contract/store-config.ts";
import { getOrder, getStoreConfig, type ApiError } from "./api.ts";
import { resolveLocale, type MountContext } from "./context.ts";
import { createI18n, loadMessages, setStoreMessages, type I18n, type Messages } from "./i18n/index.ts";

export interface Session {
  config?: StorePublicConfig;
  order?: OrderView;
  /** Why the order could not be shown; the view shows a message instead of the order. */
  error?: ApiError;
  i18n: I18n;
}

/** No data-order and no ?order= in the page's URL (the shopper reads errorNoToken; the console, the code). */
const NO_TOKEN: ApiError = { status: 0, code: "no_token", message: "" };

/**
 * Loads the order (when `withOrder`), which carries its store's config, and the offers of `offers` (a
 * placement) when the view draws them: one request. `english`: the shared English the view's module
 * carries (i18n/en.ts), under the shopper's language. The store's config on its own only without an
 * order to read (a lookup form, an unknown view), or to brand the message when the order cannot be
 * read. Never rejects.
 */
export async function loadSession(ctx: MountContext, withOrder: boolean, offers?: string, english?: Partial<Messages>): Promise<Session> {
  let order: OrderView | undefined;
  let error: ApiError | undefined;
  if (withOrder) {
    // The loader's read of this order, the first time; a retry (or a refresh) reads it anew.
    const sent = ctx.order;
    ctx.order = undefined;
    const answer = ctx.token ? await getOrder(ctx.api, ctx.token, sent, offers) : { ok: false as const, error: NO_TOKEN };
    if (answer.ok) order = answer.data;
    else error = answer.error;
  }
  // The order's own store wins over the tag's data-store.
  let config = order?.store;
  if (!config && ctx.storeId) {
    const answer = await getStoreConfig(ctx.api, ctx.storeId);
    if (answer.ok) config = answer.data;
  }
  const locale = resolveLocale(
    ctx.locale,
    order?.order.locale,
    typeof navigator === "undefined" ? undefined : navigator.language,
    config?.defaultLocale,
  );
  setStoreMessages(config?.messages, locale);
  return { config, order, error, i18n: createI18n(locale, await loadMessages(ctx.api, locale, english)) };
}
