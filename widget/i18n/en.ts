/**
 * What the views that draw an order's details say (confirmation and tracking, and so the module with
 * every view): kept out of the other views' modules, which never say it.
 */
import { enOffers } from "./en-offers.ts";

const order = {
  thanks: "Thank you, your order is confirmed",
  orderNumber: "Order {number}",
  placedOn: "Placed {date}",
  statusButton: "View order status",
  delivery: "Estimated delivery",
  items: "Your items",
  quantity: "Qty {count}",
  subtotal: "Subtotal",
  total: "Total",
  free: "Free",
  feelQuestion: "How did checkout feel?",
  feelEasy: "Easy",
  feelOkay: "Okay",
  feelHard: "Hard",
  feelThanks: "Thanks for telling us!",
  returns: "Returns",
  returnsUntil: "Returns accepted until {date}",
  returnsDaysOne: "Returns accepted {count} day after delivery",
  returnsDaysOther: "Returns accepted {count} days after delivery",
  returnsNone: "This order can't be returned.",
  returnsStart: "Start a return",
  help: "Need help?",
  helpEmail: "Email {email}",
  helpPhone: "Call {phone}",
  helpCentre: "Visit the help centre",
};

/** What any view may say: errors. The part of English every view's module carries. */
export const enCommon = {
  errorNotFound: "We couldn't find this order. Please check the link in your confirmation email.",
  errorNoToken: "There's no order to show here. Please open the link from your confirmation email.",
  errorUnavailable: "We couldn't load your order right now. Please try again in a moment.",
  retry: "Try again",
  unknownView: "This part of the page isn't set up correctly.",
};

const all = <A, B, C>(a: A, b: B, c: C): A & B & C => ({ ...a, ...b, ...c });

/**
 * English, the reference catalogue: every other catalogue must have exactly these keys. (Made by a call
 * marked pure, which a bundler drops from the modules that never use it; a bare spread it would keep.)
 */
export const en = /* @__PURE__ */ all(order, enCommon, enOffers);

export type MessageKey = keyof typeof en;
/** A complete catalogue: a missing or an extra key is a type error. */
export type Messages = Record<MessageKey, string>;
