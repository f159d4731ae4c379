import type { OrderInput } from "../worker/schemas/order.ts";
import type { Product } from "./catalog.ts";
import { customerIdFor } from "./customer.ts";
import { discountAmount, shippingFee, type DiscountCode, type Market } from "./pricing.ts";

export interface OrderDraft {
  id: string;
  placedAt: Date;
  market: Market;
  email: string;
  phone?: string;
  items: { product: Product; quantity: number }[];
  discount?: DiscountCode;
  /** A sales-tax rate on the discounted subtotal; the shop's German prices already include VAT. */
  taxRate?: number;
  /** The shop's origin, so the widget can link and show images back on the shop. */
  origin: string;
}

/** Builds the body of `POST /v1/orders`, with a total that adds up to the minor unit. */
export function buildOrder(draft: OrderDraft): OrderInput {
  const lines = draft.items.map(({ product, quantity }) => ({
    sku: product.sku,
    name: product.name,
    family: product.family,
    quantity,
    unitPrice: product.price,
    imageUrl: new URL(product.image, draft.origin).href,
    url: new URL(`/products/${encodeURIComponent(product.sku)}`, draft.origin).href,
  }));
  const subtotal = lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
  const { words } = draft.market;
  const discounts = draft.discount
    ? [{ label: `${draft.discount.code} (${words.percentOff(draft.discount.percent)})`, amount: discountAmount(draft.discount, subtotal) }]
    : [];
  const discounted = subtotal - discounts.reduce((sum, d) => sum + d.amount, 0);
  const fees = [{ label: words.shipping, amount: shippingFee(subtotal) }];
  if (draft.taxRate) fees.push({ label: words.tax, amount: Math.round(discounted * draft.taxRate) });
  const total = discounted + fees.reduce((sum, f) => sum + f.amount, 0);

  return {
    id: draft.id,
    placedAt: draft.placedAt.toISOString(),
    currency: draft.market.currency,
    locale: draft.market.locale,
    customer: {
      id: customerIdFor(draft.email),
      email: draft.email,
      ...(draft.phone ? { phone: draft.phone } : {}),
    },
    lines,
    fees,
    discounts,
    total,
  };
}
