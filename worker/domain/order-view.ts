import { readableBranding } from "./contrast.ts";
import type { OrderView, ShipmentView } from "../../contract/order-view.ts";
import type { StorePublicConfig } from "../../contract/store-config.ts";
import type { OrderRecord, ReviewRecord, ShipmentRecord, Store, SurveyRecord, UpdatePreference } from "./records.ts";
import { localDateOf, type CalendarDate } from "./calendar-date.ts";
import { shownCarrier } from "./carriers/carrier-names.ts";
import { delayNotices } from "./delays/notices.ts";
import { watchOrder } from "./delays/watch.ts";
import { promisedDeliveryWindow, returnDeadline, type Window } from "./delivery-window.ts";
import { feedbackWindow } from "./feedback-window.ts";
import { shipmentState } from "./shipment-state.ts";
import { EDIT_WINDOW_MS } from "./survey-signal.ts";
import { statusUrl } from "./status-url.ts";
import { SURVEY_PLACEMENTS, type SurveyAnswerValue, type SurveyDefinitionInput, type SurveyPlacement } from "../../contract/surveys.ts";
import { shownSurvey, surveyAsked } from "./surveys/answers.ts";
import { definitionOf } from "./surveys/definition.ts";
import { LINE_ITEM_PX, thumbnail } from "./thumbnails.ts";

export interface OrderViewInput {
  order: OrderRecord;
  store: Store;
  token: string;
  shipments: ShipmentRecord[];
  preference?: UpdatePreference;
  /** Whether marketing consent is granted, per channel (apart from the delivery-update choice). */
  marketing?: { email: boolean; sms: boolean };
  feedback?: { survey?: SurveyRecord; reviews: ReviewRecord[] };
  /** The store's current survey definitions and the order's answers (issue 25); none: the built-in defaults, unanswered. */
  surveys?: SurveysInput;
  now: Date;
}

export interface SurveysInput {
  definitions: Partial<Record<SurveyPlacement, { version: number; definition: SurveyDefinitionInput; createdAt: string }>>;
  answers: Partial<Record<SurveyPlacement, Record<string, SurveyAnswerValue>>>;
  completedAt: Partial<Record<SurveyPlacement, string>>;
  firstOrder: boolean;
}

/** Each placement's current survey, resolved for the order: absent where it is off or not for this order's audience. */
export function surveysView(input: SurveysInput | undefined): NonNullable<OrderView["surveys"]> {
  const surveys: NonNullable<OrderView["surveys"]> = {};
  for (const placement of SURVEY_PLACEMENTS) {
    const definition = definitionOf(placement, input?.definitions[placement] ?? null);
    if (!surveyAsked(definition, input?.firstOrder ?? true)) continue;
    surveys[placement] = shownSurvey(definition, input?.answers[placement] ?? {}, !!input?.completedAt[placement]);
  }
  return surveys;
}

/** What the confirmation and tracking views need about one order; nothing about other customers. */
export function orderView({ order, store, token, shipments, preference, marketing, feedback, surveys, now }: OrderViewInput): OrderView {
  const today: CalendarDate = now.toISOString().slice(0, 10);
  const promise = promisedDeliveryWindow(order.placedAt, store.shipping);
  const parcels = shipments.map((s) => shipmentView(s, order, promise, today));

  const open = parcels.filter((p) => p.status !== "delivered" && p.status !== "returned");
  const windows = (open.length ? open : parcels).map((p) => p.window);
  const delivery = windows.length
    ? {
        from: windows.map((w) => w.from).sort()[0]!,
        to: windows
          .map((w) => w.to)
          .sort()
          .at(-1)!,
        source: windows.some((w) => w.source === "carrier") ? ("carrier" as const) : windows[0]!.source,
      }
    : { ...promise, source: "store_promise" as const };
  // Nothing shipped yet and the promised day is gone: that is late too.
  const delayed = parcels.length ? parcels.some((p) => p.delayed) : today > promise.to;

  // Return days run from delivery; until every parcel is there, from the latest expected day.
  const delivered = parcels.length > 0 && parcels.every((p) => p.deliveredAt);
  const returnsFrom = delivered
    ? parcels
        .map((p) => localDateOf(p.deliveredAt!))
        .sort()
        .at(-1)!
    : [delivery.to, promise.to].sort().at(-1)!;

  return {
    storeId: store.id,
    order: {
      number: order.number ?? order.id,
      placedAt: order.placedAt,
      currency: order.currency,
      locale: order.locale,
      lines: order.lines.map((line) => ({
        sku: line.sku,
        name: line.name,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        lineTotal: line.unitPrice * line.quantity,
        imageUrl: thumbnail(line.imageUrl, LINE_ITEM_PX),
        url: line.url,
      })),
      subtotal: order.subtotal,
      fees: order.fees,
      discounts: order.discounts,
      total: order.total,
      checkoutFeel: order.checkoutFeel,
    },
    delivery: { ...delivery, ifLate: store.shipping.ifLate },
    delayed,
    notices: delayNotices(watchOrder(order, store.shipping, shipments, now), now).map(({ ref, ...n }) =>
      ref ? { ...n, parcelId: ref } : n,
    ),
    returns: {
      days: store.returnPolicy.days,
      until: returnDeadline(returnsFrom, store.returnPolicy.days),
      url: store.returnPolicy.url,
      summary: store.returnPolicy.summary,
    },
    shipments: parcels,
    updates: preference ? { channel: preference.channel, contactHint: maskContact(preference.contact) } : null,
    marketing: marketing ?? { email: false, sms: false },
    feedback: feedbackView(order, store, parcels, feedback, now),
    links: {
      status: statusUrl(store.statusPageUrl, store.primaryOrigin, token),
      returns: store.returnPolicy.url,
    },
    store: publicConfig(store),
    surveys: surveysView(surveys),
  };
}

function feedbackView(
  order: OrderRecord,
  store: Store,
  parcels: ShipmentView[],
  feedback: OrderViewInput["feedback"],
  now: Date,
): OrderView["feedback"] {
  const window = feedbackWindow({
    placedAt: order.placedAt,
    families: order.lines.map((l) => l.family),
    deliveredAt: parcels.map((p) => p.deliveredAt),
    timing: store.feedback,
  });
  const survey = feedback?.survey;
  return {
    ...window,
    open: Date.parse(window.opensAt) <= now.getTime(),
    // A response whose signal came from a merchant's NPS question has no 1–5 rating: it shows under `surveys`.
    survey:
      survey && survey.rating !== null
        ? {
            rating: survey.rating,
            standout: survey.standout,
            wants: survey.wants,
            comment: survey.comment,
            stepsAnswered: survey.stepsAnswered,
            completed: !!survey.completedAt,
            editableUntil: survey.completedAt && new Date(Date.parse(survey.completedAt) + EDIT_WINDOW_MS).toISOString(),
          }
        : null,
    reviews: feedback?.reviews ?? [],
  };
}

function shipmentView(s: ShipmentRecord, order: OrderRecord, promise: Window, today: CalendarDate): ShipmentView {
  const promised =
    s.promisedFrom || s.promisedTo
      ? { from: s.promisedFrom ?? s.promisedTo!, to: s.promisedTo ?? s.promisedFrom!, source: "merchant" as const }
      : { ...promise, source: "store_promise" as const };
  const state = shipmentState({ placedAt: order.placedAt, promised, estimate: s.estimate, updates: s.updates, today });
  const page = shownCarrier(s.carrier, s.trackingNumber);
  const toView = (u: (typeof state.history)[number]) => ({
    status: u.status,
    at: u.occurredAt,
    location: u.location,
    description: u.description,
  });
  return {
    id: s.id,
    carrier: { name: page.name, trackingNumber: s.trackingNumber, url: s.trackingUrl ?? page.url },
    status: state.status,
    milestones: state.milestones,
    exception: state.exception,
    delayed: state.delayed,
    delayReason: state.delayReason,
    window: state.window,
    deliveredAt: state.deliveredAt,
    latest: state.latest && toView(state.latest),
    history: state.history.map(toView),
    lines: s.lines.map((l) => {
      const line = order.lines.find((o) => o.sku === l.sku);
      return { sku: l.sku, name: line?.name ?? l.sku, quantity: l.quantity, imageUrl: thumbnail(line?.imageUrl, LINE_ITEM_PX) };
    }),
  };
}

/** Enough for a shopper to recognise their own address, not enough to learn someone else's. */
export function maskContact(contact: string | undefined): string | undefined {
  if (!contact) return undefined;
  const at = contact.indexOf("@");
  if (at > 0) return `${contact[0]}•••${contact.slice(at)}`;
  const digits = contact.replace(/\D/g, "");
  return digits.length >= 4 ? `•••${digits.slice(-4)}` : "•••";
}

/** The branding and contacts anyone may read; never origins, keys or secrets. */
export function publicConfig(store: Store): StorePublicConfig {
  return {
    id: store.id,
    name: store.name,
    // Drawn as readable whatever was configured (the operator command told the merchant what changed).
    branding: readableBranding(store.branding).branding,
    support: store.support,
    returnPolicy: store.returnPolicy,
    defaultLocale: store.defaultLocale,
    locales: store.locales,
    messages: store.messages,
    analytics: store.analytics,
  };
}
