/**
 * The order view reduced to what the thank-you page's confirmation view reads (issue 22: its bytes),
 * pure. Kept field by field from what widget/views/confirmation.tsx and what it draws read (the receipt,
 * the delivery window, returns, the store's frame and contacts, the thank-you page's survey): not the
 * parcels' tracking, the post-delivery survey, the shopper's feedback or update choices, which the
 * thank-you page never draws. The widget's types say the same (ConfirmationOrderView): a field the
 * confirmation view starts reading fails to compile there and its table test here.
 */
import type { ConfirmationOrderView, OrderView } from "../../contract/order-view.ts";

/** The part of `view` the confirmation view reads (its offers are added by the route, as for the whole view). */
export function confirmationOrderView(view: OrderView): ConfirmationOrderView {
  const { storeId, order, delivery, returns, links, store } = view;
  const asked = view.surveys?.confirmation;
  return { storeId, order, delivery, returns, links, store, surveys: asked ? { confirmation: asked } : {} };
}
