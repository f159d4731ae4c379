/** English, the reference catalogue: every other catalogue must have exactly these keys. */
export const en = {
  loading: "Loading your order…",
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
  errorNotFound: "We couldn't find this order. Please check the link in your confirmation email.",
  errorNoToken: "There's no order to show here. Please open the link from your confirmation email.",
  errorUnavailable: "We couldn't load your order right now. Please try again in a moment.",
  retry: "Try again",
  notYet: "This part of your order page isn't available yet. Please check back soon.",
  unknownView: "This part of the page isn't set up correctly.",
};

export type MessageKey = keyof typeof en;
/** A complete catalogue: a missing or an extra key is a type error. */
export type Messages = Record<MessageKey, string>;
