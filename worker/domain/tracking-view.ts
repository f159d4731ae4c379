/**
 * The order view reduced to what the tracking view reads (issue 22: the order-status page's bytes, and
 * its refreshes'), pure: everything but the thank-you page's survey, which tracking never draws, and the
 * built-in post-delivery survey without its English wording (domain/survey-view.ts `postDeliveryOnly`: the
 * widget draws it from its catalogues in every language). A merchant's survey keeps its wording.
 */
import type { OrderView, TrackingOrderView } from "../../contract/order-view.ts";
import { postDeliveryOnly } from "./survey-view.ts";

/** The part of `view` the tracking view reads (its offers are added by the route, as for the whole view). */
export function trackingOrderView(view: OrderView): TrackingOrderView {
  const { surveys: _all, ...rest } = view;
  return { ...rest, surveys: postDeliveryOnly(view) };
}
