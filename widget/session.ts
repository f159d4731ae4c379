/**
 * What a view needs before it can draw: the store's public config (branding, contacts) and, for order
 * views, the order; then the locale to speak. Loaded through api.ts only; failures are values.
 */
import type { OrderView } from "../contract/order-view.ts";
import type { StorePublicConfig } from "../contract/store-config.ts";
import { getOrder, getStoreConfig, type ApiError } from "./api.ts";
import { resolveLocale, type MountContext } from "./context.ts";
import { createI18n, loadMessages, setStoreMessages, type I18n } from "./i18n/index.ts";

export interface Session {
  config?: StorePublicConfig;
  order?: OrderView;
  /** Why the order could not be shown; the view shows a message instead of the order. */
  error?: ApiError;
  i18n: I18n;
}

const NO_TOKEN: ApiError = { status: 0, code: "no_token", message: "No order token: no data-order and no ?order= in the URL." };

/** Loads the store config and (when `withOrder`) the order in parallel. Never rejects. */
export async function loadSession(ctx: MountContext, withOrder: boolean): Promise<Session> {
  const configFor = (storeId?: string) => (storeId ? getStoreConfig(ctx.api, storeId) : undefined);
  const configRequest = configFor(ctx.storeId);
  let order: OrderView | undefined;
  let error: ApiError | undefined;
  if (withOrder) {
    const answer = ctx.token ? await getOrder(ctx.api, ctx.token) : { ok: false as const, error: NO_TOKEN };
    if (answer.ok) order = answer.data;
    else error = answer.error;
  }
  let config = await configRequest;
  // The order knows its store: use it when the tag named none, or named another (the order wins).
  if (order && order.storeId !== ctx.storeId) config = await configFor(order.storeId);
  const locale = resolveLocale(
    ctx.locale,
    order?.order.locale,
    typeof navigator === "undefined" ? undefined : navigator.language,
    config?.ok ? config.data.defaultLocale : undefined,
  );
  setStoreMessages(config?.ok ? config.data.messages : undefined, locale);
  return { config: config?.ok ? config.data : undefined, order, error, i18n: createI18n(locale, await loadMessages(ctx.api, locale)) };
}
