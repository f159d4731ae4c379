/**
 * The order view reduced to what the survey view reads (issue 22: the survey page's bytes), pure. Kept
 * field by field from what widget/views/feedback.tsx and what it draws read (the panel, the built-in
 * steps, a merchant's questions, the review form after them, the session and the frame): anything else
 * a survey page would download and never draw. Exactly these, so that a field the survey view starts
 * reading fails its table test here rather than going missing on shoppers' pages.
 */
import type { OrderView, SurveyOrderView, UnwordedQuestion, UnwordedSurvey } from "../../contract/order-view.ts";
import type { ShownQuestion, SurveyShown } from "../../contract/surveys.ts";
import type { ORDER_VIEW_SHAPES } from "../../contract/vocabularies.ts";

/** What `GET /v1/o/{token}` answers: the whole view, or a view's part of it (`?view=`). */
export type OrderViewShape = "full" | (typeof ORDER_VIEW_SHAPES)[number];

/** The part of `view` the survey view reads. */
export function surveyOrderView(view: OrderView): SurveyOrderView {
  const { order, store, feedback } = view;
  return {
    // The number for its events, the locale it speaks, the total and currency a merchant's question
    // publishes to the page's dataLayer, the items' names for the review form.
    order: {
      number: order.number,
      currency: order.currency,
      locale: order.locale,
      total: order.total,
      lines: order.lines.map(({ sku, name }) => ({ sku, name })),
    },
    // Which items arrived (the review form asks about those): a parcel's status and items, no tracking.
    shipments: view.shipments.map((s) => ({ status: s.status, lines: s.lines.map(({ sku }) => ({ sku })) })),
    feedback: { survey: feedback.survey, reviews: feedback.reviews },
    store: {
      name: store.name,
      branding: store.branding,
      support: store.support,
      defaultLocale: store.defaultLocale,
      messages: store.messages,
      analytics: store.analytics,
    },
    // The confirmation's survey is the thank-you page's, never drawn here.
    surveys: postDeliveryOnly(view),
  };
}

/**
 * The post-delivery survey alone, as the views that draw it read it (the survey's part, tracking's):
 * the built-in one unworded, a merchant's as written; none where it is not asked.
 */
export function postDeliveryOnly(view: OrderView): { post_delivery?: SurveyShown | UnwordedSurvey } {
  const post = view.surveys?.post_delivery;
  return post ? { post_delivery: post.builtIn ? unworded(post) : post } : {};
}

/**
 * The built-in survey without its English wording: the widget draws its three steps from its own
 * catalogues (en, fr, de, es, ar), never from these words, so they would only cost bytes. A merchant's
 * survey keeps its wording: that is the merchant's, in the languages they wrote.
 */
export function unworded(survey: SurveyShown): UnwordedSurvey {
  return { ...survey, builtIn: true, questions: survey.questions.map(unwordedQuestion) };
}

function unwordedQuestion(q: ShownQuestion): UnwordedQuestion {
  return "options" in q ? { ...q, text: null, options: q.options.map(({ id }) => ({ id, text: null })) } : { ...q, text: null };
}
