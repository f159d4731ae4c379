/**
 * What a view needs before it can draw: the store's public config (branding, contacts) and, for order
 * views, the order; then the locale to speak. Loaded through api.ts only; failures are values.
 */
import type { OrderView, OrderViewCore } from "../contract/order-view.ts";
import type { StorePublicConfig } from "../contract/store-config.ts";
import { getOrder, getStoreConfig, type ApiError } from "./api.ts";
import { resolveLocale, type MountContext } from "./context.ts";
import { createI18n, loadMessages, setStoreMessages, type I18n, type Messages } from "./i18n/index.ts";

/** `O`: the order as the view reads it, the whole view or a part of it (the survey's: `?view=survey`). */
export interface Session<O extends OrderViewCore = OrderView> {
  config?: StorePublicConfig | O["store"];
  order?: O;
  /** Why the order could not be shown; the view shows a message instead of the order. */
  error?: ApiError;
  i18n: I18n;
}

/** No data-order and no ?order= in the page's URL (the shopper reads errorNoToken; the console, the code). */
const NO_TOKEN: ApiError = { status: 0, code: "no_token", message: "" };

/**
 * Loads the order (when `withOrder`), which carries its store's config, as `read` asks for it (the
 * offers of a placement with it, or only the survey's part: views/modules.ts ORDER_READS): one request. `english`: the shared English the view's module
 * carries (i18n/en.ts), under the shopper's language. The store's config on its own only without an
 * order to read (a lookup form, an unknown view), or to brand the message when the order cannot be
 * read. Never rejects.
 */
export async function loadSession<O extends OrderViewCore = OrderView>(
  ctx: MountContext,
  withOrder: boolean,
  read?: string,
  english?: Partial<Messages>,
): Promise<Session<O>> {
  let order: O | undefined;
  let error: ApiError | undefined;
  if (withOrder) {
    // The loader's read of this order, the first time; a retry (or a refresh) reads it anew.
    const sent = ctx.order;
    ctx.order = undefined;
    const answer = ctx.token ? await getOrder<O>(ctx.api, ctx.token, sent, read) : { ok: false as const, error: NO_TOKEN };
    if (answer.ok) order = answer.data;
    else error = answer.error;
  }
  // The order's own store wins over the tag's data-store.
  let config: Session<O>["config"] = order?.store;
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
