import { describe, expect, it } from "vitest";
import { shopifyEventScan, shopifyParcels } from "../../../../worker/domain/platforms/shopify-fulfillment.ts";
import { shopifyProduct } from "../../../../worker/domain/platforms/shopify-product.ts";
import { fromShopify } from "../../../../worker/domain/platforms/shopify-status.ts";
import {
  shopifyFulfillment,
  shopifyFulfillmentEvent,
  shopifyProduct as productSchema,
} from "../../../../worker/schemas/platforms/shopify.ts";
import event from "../../fixtures/platforms/shopify/fulfillment-events-create-delivered.json";
import fulfillment from "../../fixtures/platforms/shopify/fulfillments-create-two-boxes.json";
import product from "../../fixtures/platforms/shopify/products-update.json";

const NOW = new Date("2026-12-06T00:00:00Z");

describe("Shopify fulfillments, events and products", () => {
  it("makes one parcel per tracking number of a fulfillment, each with the fulfillment's items", () => {
    const { orderId, group } = shopifyParcels(shopifyFulfillment.parse(fulfillment), NOW);
    expect(orderId).toBe("5912003344556");
    expect(group.parcels.map((p) => [p.id, p.carrier, p.trackingNumber, p.trackingUrl])).toEqual([
      [
        "shopify-4712345678-EJ123456789JP",
        "Japan Post",
        "EJ123456789JP",
        "https://trackings.post.japanpost.jp/services/srv/search/direct?reqCodeNo1=EJ123456789JP",
      ],
      [
        "shopify-4712345678-EJ123456790JP",
        "Japan Post",
        "EJ123456790JP",
        "https://trackings.post.japanpost.jp/services/srv/search/direct?reqCodeNo1=EJ123456790JP",
      ],
    ]);
    for (const parcel of group.parcels) {
      expect(parcel.lines).toEqual([
        { sku: "shopify-variant-44500600700801", quantity: 2 },
        { sku: "TEA-SEN-100", quantity: 1 },
      ]);
      expect(parcel.scans).toEqual([
        {
          id: "shopify:4712345678:fulfilled",
          status: "packed",
          carrierDelay: false,
          occurredAt: "2026-11-29T06:20:00.000Z",
          vendorStatus: "fulfillment/success",
        },
      ]);
    }
  });

  it("leaves out tracking numbers a parcel cannot carry, and has no parcels for a cancelled fulfillment", () => {
    const odd = shopifyParcels(
      shopifyFulfillment.parse({ ...fulfillment, tracking_numbers: ["EJ123456789JP", "ej 1234-56789 jp", "#?!", ""] }),
      NOW,
    );
    expect(odd.group.parcels.map((p) => p.trackingNumber)).toEqual(["EJ123456789JP"]);
    expect(shopifyParcels(shopifyFulfillment.parse({ ...fulfillment, status: "cancelled" }), NOW).group).toEqual({
      prefix: "shopify-4712345678-",
      parcels: [],
    });
  });

  it("reads a fulfillment event as a scan of its fulfillment", () => {
    expect(shopifyEventScan(shopifyFulfillmentEvent.parse(event), NOW)).toEqual({
      fulfillmentId: "4712345678",
      scan: {
        id: "shopify:event:1297453000",
        status: "delivered",
        carrierDelay: false,
        occurredAt: "2026-12-01T02:42:00.000Z",
        location: "Kyoto, Kyoto, Japan",
        description: "Delivered to the mailbox",
        vendorStatus: "fulfillment_event/delivered",
      },
    });
    expect(
      shopifyEventScan(shopifyFulfillmentEvent.parse({ ...event, happened_at: "2099-01-01T00:00:00Z", created_at: null }), NOW),
    ).toBeUndefined();
  });

  it.each([
    ["label_printed", "packed", undefined, false],
    ["CONFIRMED", "packed", undefined, false],
    ["carrier_picked_up", "in_transit", undefined, false],
    ["delayed", "in_transit", undefined, true],
    ["ready_for_pickup", "out_for_delivery", undefined, false],
    ["picked_up", "delivered", undefined, false],
    ["attempted_delivery", "exception", "attempt_failed", false],
    ["failure", "exception", "other", false],
    ["something_new", null, undefined, false],
  ] as const)("Shopify %s is %s", (status, expected, exceptionKind, carrierDelay) => {
    expect(fromShopify(status)).toEqual({ status: expected, carrierDelay, ...(exceptionKind ? { exceptionKind } : {}) });
  });

  it("makes a catalogue product of each variant, SKU-less ones under their variant's identifier", () => {
    const mapped = shopifyProduct(productSchema.parse(product), "kyusu-and-co.myshopify.com", "USD", NOW);
    expect(mapped.productId).toBe("8100200300402");
    expect(mapped.products).toEqual([
      {
        sku: "TEA-SEN-100",
        name: "Sencha Green Tea - 100g",
        family: "Tea",
        price: 800,
        currency: "USD",
        url: "https://kyusu-and-co.myshopify.com/products/sencha-green-tea",
        imageUrl: "https://cdn.shopify.com/s/files/1/0610/0020/products/sencha.jpg",
        active: true,
      },
      {
        sku: "shopify-variant-44500600700803",
        name: "Sencha Green Tea - 250g",
        family: "Tea",
        price: 1800,
        currency: "USD",
        url: "https://kyusu-and-co.myshopify.com/products/sencha-green-tea",
        imageUrl: "https://cdn.shopify.com/s/files/1/0610/0020/products/sencha-250.jpg",
        active: true,
      },
    ]);
  });
});
