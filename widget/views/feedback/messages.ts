/**
 * The survey and review views' strings. English ships inline; other languages are parts
 * (parts/feedback.<lang>.js) fetched only by their readers, with exactly English's keys.
 */
import { loadLanguagePart, viewText, type ViewText } from "../../i18n/index.ts";

const en = {
  q1: "How was your experience overall?",
  r1: "Very poor",
  r2: "Poor",
  r3: "Okay",
  r4: "Good",
  r5: "Excellent",
  q2Good: "What stood out?",
  q2Bad: "What slowed you down?",
  c_delivery_speed: "Delivery speed",
  c_packaging: "Packaging",
  c_product_quality: "Product quality",
  c_price: "Price",
  c_support: "Customer support",
  c_website: "Website",
  c_other: "Something else",
  more: "Tell us more (optional)",
  q3: "Would you like anything from us?",
  w_tip: "A tip for using it",
  w_promotion: "A promotion",
  w_demo: "A product demo",
  w_none: "No, thanks",
  comment: "Anything else? (optional)",
  step: "Question {n} of 3",
  back: "Back",
  thanks: "Thank you! Your answers help us get better.",
  sorry: "We're sorry it wasn't better. We'd like to make it right.",
  callback: "Request a call back",
  phone: "Phone number",
  when: "When suits you? (optional)",
  send: "Send",
  callbackSent: "Thanks, we'll call you.",
  change: "Change my answers",
  closed: "Thanks, we have your answers.",
  opensOn: "We'll ask how it went from {date}, once you've had time to try it.",
  reviewTitle: "Review your items",
  reviewIntro: "Your honest review helps other shoppers, whatever you think of the product.",
  stars: "Rating for {item}",
  star: "{n} of 5 stars",
  title: "Title (optional)",
  body: "Your review (optional)",
  submit: "Submit reviews",
  reviewed: "Thanks for your reviews! You can edit them here any time.",
  failed: "That didn't save: {message}",
};

export type FeedbackKey = keyof typeof en;
export type FeedbackMessages = Record<FeedbackKey, string>;
export type FeedbackText = ViewText<FeedbackKey>;

export const feedbackEn: FeedbackMessages = en;

export const feedbackText = (messages: FeedbackMessages = en): FeedbackText => viewText(messages);

export const loadFeedbackText = async (api: string, locale: string) => feedbackText(await loadLanguagePart(api, locale, "feedback", en));
