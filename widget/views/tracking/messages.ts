/**
 * The tracking view's strings, in the tracking chunk: the confirmation view never pays for them.
 * English is the reference and ships inline; other languages live in messages/<lang>.ts, built as
 * parts/tracking.<lang>.js and fetched only for shoppers who read them. Each must have exactly
 * English's keys (a type error otherwise).
 */
import { loadLanguagePart, viewText, type ViewText } from "../../i18n/index.ts";

const en = {
  title: "Track your order",
  s_ordered: "Order received",
  s_packed: "Packed and ready to ship",
  s_in_transit: "On its way",
  s_out_for_delivery: "Out for delivery",
  s_delivered: "Delivered",
  s_exception: "There's a problem with the delivery",
  s_returned: "On its way back to us",
  m_ordered: "Ordered",
  m_packed: "Packed",
  m_in_transit: "Shipped",
  m_out_for_delivery: "Out for delivery",
  m_delivered: "Delivered",
  progress: "Delivery progress",
  stepDone: "done",
  parcel: "Parcel {n} of {total}",
  arriving: "Expected {window}",
  deliveredOn: "Delivered {date}",
  latest: "Latest update",
  inParcel: "In this parcel",
  trackingNo: "{carrier} tracking number",
  onCarrierSite: "Track on the {carrier} website",
  history: "All updates",
  notShipped: "We're getting your order ready. Tracking appears here once it ships.",
  late: "Your order is later than we promised.",
  revised: "The carrier now expects to deliver {window}.",
  carrierDelay: "The carrier reports a delay on the way.",
  ifLate: "Not there by {date}? Contact us and we'll send a replacement or refund you, your choice.",
  n_fulfillment_delayed: "Your order is taking longer than planned to ship. We'll send tracking once it leaves.",
  n_late: "Your order is later than we promised.",
  n_stalled: "No carrier scan since {date}. We're checking with {carrier}.",
  n_arriving_soon: "Expected {window}. If you're out, the carrier will leave a note or try again.",
  n_today: "Out for delivery today. If you're out, the carrier will leave a note or try again.",
  n_delayed: "Delayed by {reason}. Now expected {window}.",
  r_weather: "bad weather",
  r_carrier: "the carrier",
  r_customs: "customs",
  r_address: "an address problem",
  r_other: "an unexpected hold-up",
  x_attempt_failed:
    "The carrier tried to deliver but couldn't. They usually try again the next working day or leave a note saying where to collect it.",
  x_address: "The carrier has a problem with the address. Contact us so we can fix it.",
  x_held: "The parcel is held, for example at customs. The carrier will contact you if they need anything.",
  x_damaged_or_lost: "The carrier reports the parcel damaged or lost. Contact us for a replacement or refund.",
  x_refused: "The parcel was refused at the door. Contact us if that was a mistake.",
  x_other: "The carrier reported a problem. We're on it; contact us if it's urgent.",
  returnedNext: "Once it's back we'll refund you or send it again. Contact us to choose.",
  getHelp: "Contact us",
  updates: "Delivery updates",
  updatesAsk: "How should we keep you posted?",
  ch_email: "Email",
  ch_sms: "Text message",
  ch_none: "No updates",
  emailLabel: "Email (empty: the one on your order)",
  phoneLabel: "Mobile number",
  save: "Save",
  saved: "Saved. Updates go to {contact}.",
  offers_email: "Also send me news and offers by email. Optional; unsubscribe anytime.",
  offers_sms: "Also send me news and offers by text message. Optional; unsubscribe anytime.",
  savedOffers: "Saved. Updates and offers go to {contact}.",
  savedNone: "Saved. We won't send updates about this order.",
  saveFailed: "We couldn't save that: {message}",
  qrShow: "Show in-store return code",
  qrHide: "Hide return code",
  qrLabel: "Return code for order {number}",
  qrHint: "Show this at the till to return items in store.",
  findTitle: "Find your order",
  findIntro: "Enter your order number and the email you used at checkout.",
  findNumber: "Order number",
  findEmail: "Email address",
  findSubmit: "Find my order",
  findMissing: "We couldn't find an order with that number and email. Please check both.",
  findLimited: "Too many tries. Please wait a minute, then try again.",
  findFailed: "We couldn't look that up right now. Please try again.",
};

export type TrackingKey = keyof typeof en;

export type TrackingMessages = Record<TrackingKey, string>;
export type TrackingText = ViewText<TrackingKey>;

export const trackingEn: TrackingMessages = en;

export const trackingText = (messages: TrackingMessages = en): TrackingText => viewText(messages);

/** The tracking strings for a locale's language (German is fetched from `api` on demand), English otherwise. */
export const loadTrackingText = async (api: string, locale: string) => trackingText(await loadLanguagePart(api, locale, "tracking", en));
