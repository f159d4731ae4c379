/** What the shopper's other requests answer (the order is order-view.ts, offers are offers.ts). */
import type { NextAction, Sentiment, UpdateChannel } from "./vocabularies.ts";
import type { ReviewView } from "./order-view.ts";

/** `POST /v1/lookup`: null when no order matches (the same timing either way). */
export interface LookupAnswer {
  orderToken: string | null;
}

/** `POST /v1/o/{token}/events`: event ids recorded now, and ids recorded before. */
export interface EventsAccepted {
  accepted: string[];
  duplicates: string[];
}

/** `POST /v1/o/{token}/preferences` */
export interface PreferencesAnswer {
  channel: UpdateChannel;
  /** The contact, masked. */
  contactHint?: string;
  /** Whether marketing consent is now granted, per channel. */
  marketing: { email: boolean; sms: boolean };
}

/** `POST /v1/o/{token}/survey` */
export interface SurveySaved {
  stepsAnswered: number;
  completed: boolean;
  editableUntil?: string;
  sentiment: Sentiment;
  nextAction: NextAction;
}

/** `POST /v1/o/{token}/reviews`: every review of the order, as it now stands. */
export interface ReviewsSaved {
  reviews: ReviewView[];
}
