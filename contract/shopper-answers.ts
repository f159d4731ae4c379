/** What the shopper's other requests answer (the order is order-view.ts, offers are offers.ts). */
import type { NextAction, Sentiment, UpdateChannel } from "./vocabularies.ts";
import type { ReviewView } from "./order-view.ts";

/** `POST /v1/lookup`: null when no order matches (the same timing either way). */
export interface LookupAnswer {
  orderToken: string | null;
}

/**
 * `POST /v1/o/{token}/events` (202 since 2026-12, issue 23): the events are enqueued and written moments
 * later, each id once. `accepted` is every admitted id (a resend of one already recorded included: the
 * write recognises it), `duplicates` is always empty now (kept for older clients), `queued` is true.
 */
export interface EventsAccepted {
  accepted: string[];
  duplicates: string[];
  queued: true;
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
