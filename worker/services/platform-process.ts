/**
 * Processing stored platform deliveries, after the answer: claimed once, mapped
 * (domain/platforms/), written (platform-orders.ts), and settled. A delivery that fails for a reason
 * that may pass (the database, a fulfillment before its order) is retried with backoff by the minute
 * cron, up to a day; one that can never succeed is marked failed, with the reason on the delivery and
 * on the connection (`lastError`), and nothing is ever dropped silently.
 */
import { fulfillmentParcelPrefix, shopifyEventScan, shopifyParcels } from "../domain/platforms/shopify-fulfillment.ts";
import { shopifyIdOf } from "../domain/platforms/shopify-ids.ts";
import { shopifyOrder } from "../domain/platforms/shopify-order.ts";
import { shopifyProduct } from "../domain/platforms/shopify-product.ts";
import { wooOrder } from "../domain/platforms/woocommerce-order.ts";
import { wooProduct } from "../domain/platforms/woocommerce-product.ts";
import type { Platform } from "../domain/platforms/platform-order.ts";
import {
  shopifyCustomersDataRequest,
  shopifyCustomersRedact,
  shopifyDeleted,
  shopifyFulfillment,
  shopifyFulfillmentEvent,
  shopifyOrder as shopifyOrderSchema,
  shopifyProduct as shopifyProductSchema,
} from "../schemas/platforms/shopify.ts";
import { wooDeleted, wooOrder as wooOrderSchema, wooProduct as wooProductSchema } from "../schemas/platforms/woocommerce.ts";
import {
  getConnection,
  noteConnectionTrafficStatement,
  setConnectionSettingStatement,
  setConnectionStatusStatement,
} from "../storage/connections.ts";
import {
  claimDelivery,
  dueDeliveries,
  settleDeliveryStatement,
  type ClaimedDelivery,
  type DeliveryKey,
} from "../storage/platform-deliveries.ts";
import { ordersOfParcelPrefix } from "../storage/platform-orders.ts";
import { applyChanges, type Change as Statement } from "../storage/changes.ts";
import type { Store } from "../domain/records.ts";
import { getStore } from "../storage/stores.ts";
import {
  applyParcelGroup,
  applyPlatformOrder,
  applyProduct,
  applyScan,
  cancelDeletedOrder,
  deleteProduct,
  NotYet,
  PermanentFailure,
} from "./platform-orders.ts";
import { recordDataRequest, redactCustomers, redactShop } from "./platform-privacy.ts";
import { shardOf } from "./shards.ts";

/** Minutes before each retry: 1, 5, 15 minutes, 1, 3, 6 and 12 hours; then the delivery has failed. */
const RETRY_MINUTES = [1, 5, 15, 60, 180, 360, 720];
export const MAX_ATTEMPTS = RETRY_MINUTES.length + 1;

/** What handling one delivery did; `more` when it was done in part and goes on at the next pass. */
interface Handled {
  outcome: string;
  more?: boolean;
  /** Written with the delivery's settlement, in the same batch. */
  also?: Statement[];
}

async function handle(env: Env, store: Store, delivery: ClaimedDelivery, now: Date): Promise<Handled> {
  const db = env.DB;
  const body = JSON.parse(delivery.body) as unknown;
  const key = `${delivery.platform}:${delivery.topic}`;
  const connection = await getConnection(db, store.id, delivery.platform);
  const currency = connection?.settings.currency;
  switch (key) {
    case "shopify:orders/create":
    case "shopify:orders/updated":
    case "shopify:orders/cancelled": {
      const order = shopifyOrderSchema.parse(body);
      const outcome = await applyPlatformOrder(db, shardOf(env), store, shopifyOrder(order, now), now);
      // The shop's currency, which its product prices are in (shopify-product.ts).
      return {
        outcome,
        also: order.currency ? [setConnectionSettingStatement(store.id, "shopify", "currency", order.currency.toUpperCase())] : [],
      };
    }
    case "shopify:fulfillments/create":
    case "shopify:fulfillments/update": {
      const { orderId, group } = shopifyParcels(shopifyFulfillment.parse(body), now);
      if (!orderId) throw new PermanentFailure("the fulfillment names no order");
      return { outcome: await applyParcelGroup(db, store, orderId, group, now) };
    }
    case "shopify:fulfillment_events/create": {
      const event = shopifyEventScan(shopifyFulfillmentEvent.parse(body), now);
      if (!event) return { outcome: "fulfillment event without a usable time: skipped" };
      const parcels = await ordersOfParcelPrefix(db, store.id, fulfillmentParcelPrefix(event.fulfillmentId));
      return { outcome: await applyScan(db, store, parcels, event.scan, now) };
    }
    case "shopify:products/create":
    case "shopify:products/update":
      return {
        outcome: await applyProduct(
          db,
          store.id,
          "shopify",
          shopifyProduct(shopifyProductSchema.parse(body), connection?.settings.shop ?? "", currency, now),
          now,
        ),
      };
    case "shopify:products/delete":
      return { outcome: await deleteProduct(db, store.id, "shopify", shopifyIdOf(shopifyDeleted.parse(body).id), now) };
    case "shopify:app/uninstalled":
      await applyChanges(db, [setConnectionStatusStatement(store.id, "shopify", "disconnected", now.toISOString())]);
      return { outcome: "app uninstalled: connection marked disconnected (shop/redact follows in 48 hours)" };
    case "shopify:customers/redact": {
      const request = shopifyCustomersRedact.parse(body);
      const customerId = request.customer?.id === null || request.customer?.id === undefined ? undefined : String(request.customer.id);
      return { outcome: await redactCustomers(db, store.id, customerId, (request.orders_to_redact ?? []).map(String), now) };
    }
    case "shopify:customers/data_request": {
      const request = shopifyCustomersDataRequest.parse(body);
      const customerId = request.customer?.id === null || request.customer?.id === undefined ? undefined : String(request.customer.id);
      const requestId = request.data_request?.id !== undefined ? String(request.data_request.id) : delivery.id;
      return {
        outcome: await recordDataRequest(db, store.id, "shopify", requestId, customerId, (request.orders_requested ?? []).map(String), now),
      };
    }
    case "shopify:shop/redact":
      return redactShop(db, store.id, "shopify", now);
    case "woocommerce:order.created":
    case "woocommerce:order.updated": {
      const order = wooOrderSchema.parse(body);
      // The order meta key the merchant named for their opt-in plugin's consent, if any (store:connect).
      const mapped = wooOrder(order, now, { consentMetaKey: connection?.settings.consentMetaKey });
      const outcome = await applyPlatformOrder(db, shardOf(env), store, mapped, now);
      return {
        outcome,
        also: order.currency ? [setConnectionSettingStatement(store.id, "woocommerce", "currency", order.currency.toUpperCase())] : [],
      };
    }
    case "woocommerce:order.deleted":
      return { outcome: await cancelDeletedOrder(db, store, String(wooDeleted.parse(body).id), now) };
    case "woocommerce:product.created":
    case "woocommerce:product.updated":
      return { outcome: await applyProduct(db, store.id, "woocommerce", wooProduct(wooProductSchema.parse(body), currency, now), now) };
    case "woocommerce:product.deleted":
      return { outcome: await deleteProduct(db, store.id, "woocommerce", String(wooDeleted.parse(body).id), now) };
    default:
      throw new PermanentFailure(`no handler for ${key}`);
  }
}

const retryTime = (attempts: number, now: Date) =>
  new Date(now.getTime() + RETRY_MINUTES[Math.min(attempts - 1, RETRY_MINUTES.length - 1)]! * 60_000).toISOString();

/**
 * Processes one stored delivery if it is due and no one else has it. Never throws: every outcome is
 * recorded on the delivery (and a final failure on the connection). `store`: the delivery's store as
 * the caller read it moments ago (the webhooks queue's consumer reads it once for a store's group).
 */
export async function processDelivery(env: Env, key: DeliveryKey, now = new Date(), known?: { store: Store }): Promise<void> {
  const iso = now.toISOString();
  let claimed: ClaimedDelivery | null = null;
  try {
    // The claim moves the next attempt ahead already, so a processor that dies leaves it for the cron.
    claimed = await claimDelivery(env.DB, key, iso, retryTime(1, now));
    if (!claimed) return;
    const store = known?.store ?? (await getStore(env.DB, key.storeId));
    if (!store) throw new PermanentFailure("the store no longer exists");
    const { outcome, more, also = [] } = await handle(env, store, claimed, now);
    await applyChanges(env.DB, [
      ...also,
      settleDeliveryStatement(key, more ? { status: "pending", outcome, retryAt: iso } : { status: "done", outcome }, iso),
    ]);
  } catch (error) {
    if (!claimed) {
      console.error("doorstep: platform delivery not claimed", key.platform, error instanceof Error ? error.message : error);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    const final = error instanceof PermanentFailure || claimed.attempts >= MAX_ATTEMPTS || isSchemaFailure(error);
    if (!(error instanceof PermanentFailure) && !(error instanceof NotYet))
      console.error("doorstep: platform delivery failed", key.platform, claimed.topic, message);
    const outcome = `${final ? "failed" : `attempt ${claimed.attempts} failed, will retry`}: ${message}`;
    try {
      await applyChanges(env.DB, [
        settleDeliveryStatement(
          key,
          final ? { status: "failed", outcome } : { status: "pending", outcome, retryAt: retryTime(claimed.attempts, now) },
          iso,
        ),
        ...(final ? [noteConnectionTrafficStatement(key.storeId, key.platform, "in", iso, `${claimed.topic}: ${message}`)] : []),
      ]);
    } catch (settleError) {
      // The claim already moved the next attempt ahead: the cron tries again then.
      console.error(
        "doorstep: could not record a platform delivery's outcome",
        settleError instanceof Error ? settleError.message : settleError,
      );
    }
  }
}

/** A body stored before a schema changed may no longer parse: retrying cannot help. */
const isSchemaFailure = (error: unknown) => error instanceof Error && error.name === "ZodError";

/** The cron's pass: every pending delivery whose time has come, oldest first. */
export async function processDueDeliveries(env: Env, options: { now?: Date; limit?: number } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const due = await dueDeliveries(env.DB, now.toISOString(), options.limit ?? 50);
  for (const key of due) await processDelivery(env, key, now);
  return due.length;
}

export type { Platform };
