/**
 * A customer's export (GDPR art. 15) from the rows storage read (storage/customer-export.ts): grouped
 * by order and parcel, in the contract's words (contract/admin.ts CustomerExport). The order tokens
 * are credentials: an export says when each link was issued and revoked, never the link, and a token
 * an event carried (a moment's status link) is replaced wherever it appears.
 */
import type { QuestionType, SurveyAnswerValue, SurveyPlacement } from "../../contract/surveys.ts";
import type { CustomerExport, CustomerExportFile, ExportedOrder, ExportedParcel } from "../../contract/admin.ts";

type Row = Record<string, string | number | null>;

export interface ExportRows {
  customers: Row[];
  orders: Row[];
  lines: Row[];
  adjustments: Row[];
  tokens: Row[];
  shipments: Row[];
  shipmentLines: Row[];
  scans: Row[];
  estimates: Row[];
  notices: Row[];
  preferences: Row[];
  marketingConsents: Row[];
  consentChanges: Row[];
  surveys: Row[];
  /** survey_answers, `value` as stored JSON text. */
  surveyAnswers: Row[];
  reviews: Row[];
  moments: Row[];
  offerDecisions: Row[];
  widgetEvents: Row[];
  /** With `deliveries`: a JSON array of {endpointId, attempts, deliveredAt}. */
  outboundEvents: Row[];
}

/** What stands in an export where a token was. */
export const TOKEN_REDACTED = "[token]";

const str = (value: string | number | null | undefined): string => String(value ?? "");
const strOrNull = (value: string | number | null | undefined): string | null =>
  value === null || value === undefined ? null : String(value);
const num = (value: string | number | null | undefined): number => Number(value ?? 0);

/** Rows grouped by one column's value. */
function groupBy(rows: Row[], column: string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = str(row[column]);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/** Every occurrence of each token in a text replaced (tokens are URL-safe: a link carries them as they are). */
export function redactTokens(text: string, tokens: readonly string[]): string {
  let out = text;
  for (const token of tokens) if (token) out = out.split(token).join(TOKEN_REDACTED);
  return out;
}

/** A stored JSON text, parsed; kept as text if it does not parse (it always should). */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function assembleCustomerExport(rows: ExportRows): CustomerExport {
  const tokens = rows.tokens.map((t) => str(t.token));
  const linesOf = groupBy(rows.lines, "order_id");
  const adjustmentsOf = groupBy(rows.adjustments, "order_id");
  const tokensOf = groupBy(rows.tokens, "order_id");
  const shipmentsOf = groupBy(rows.shipments, "order_id");
  const shipmentLinesOf = groupBy(rows.shipmentLines, "shipment_id");
  const scansOf = groupBy(rows.scans, "tracking_number");
  const estimateOf = new Map(rows.estimates.map((e) => [str(e.tracking_number), e]));
  const noticesOf = groupBy(rows.notices, "order_id");

  const parcel = (s: Row): ExportedParcel => {
    const estimate = estimateOf.get(str(s.tracking_number));
    return {
      id: str(s.id),
      carrier: str(s.carrier),
      trackingNumber: str(s.tracking_number),
      trackingUrl: strOrNull(s.tracking_url),
      promisedFrom: strOrNull(s.promised_from),
      promisedTo: strOrNull(s.promised_to),
      estimate: estimate
        ? { from: str(estimate.estimate_from), to: str(estimate.estimate_to), reportedAt: str(estimate.reported_at) }
        : null,
      lines: (shipmentLinesOf.get(str(s.id)) ?? []).map((l) => ({ sku: str(l.sku), quantity: num(l.quantity) })),
      scans: (scansOf.get(str(s.tracking_number)) ?? []).map((e) => ({
        id: str(e.id),
        source: str(e.source),
        status: strOrNull(e.status),
        vendorStatus: strOrNull(e.vendor_status),
        exceptionKind: strOrNull(e.exception_kind),
        delayReason: strOrNull(e.delay_reason),
        occurredAt: str(e.occurred_at),
        location: strOrNull(e.location),
        description: strOrNull(e.description),
        receivedAt: str(e.received_at),
      })),
      createdAt: str(s.created_at),
    };
  };

  const order = (o: Row): ExportedOrder => {
    const id = str(o.id);
    const money = (kind: string) =>
      (adjustmentsOf.get(id) ?? []).filter((a) => a.kind === kind).map((a) => ({ label: str(a.label), amount: num(a.amount) }));
    return {
      id,
      number: strOrNull(o.number) ?? id,
      customerId: str(o.customer_id),
      source: strOrNull(o.source) ?? "api",
      placedAt: str(o.placed_at),
      currency: str(o.currency),
      locale: strOrNull(o.locale),
      subtotal: num(o.subtotal),
      total: num(o.total),
      cancelledAt: strOrNull(o.cancelled_at),
      checkoutFeel: strOrNull(o.checkout_feel),
      checkoutFeelAt: strOrNull(o.checkout_feel_at),
      lines: (linesOf.get(id) ?? []).map((l) => ({
        sku: str(l.sku),
        name: str(l.name),
        family: strOrNull(l.family),
        quantity: num(l.quantity),
        unitPrice: num(l.unit_price),
        imageUrl: strOrNull(l.image_url),
        url: strOrNull(l.url),
      })),
      fees: money("fee"),
      discounts: money("discount"),
      parcels: (shipmentsOf.get(id) ?? []).map(parcel),
      links: (tokensOf.get(id) ?? []).map((t) => ({ issuedAt: str(t.created_at), revokedAt: strOrNull(t.revoked_at) })),
      notices: (noticesOf.get(id) ?? []).map((n) => ({
        kind: str(n.kind),
        parcelId: strOrNull(n.ref) || null,
        since: str(n.since),
        raisedAt: str(n.raised_at),
        withdrawnAt: strOrNull(n.withdrawn_at),
      })),
      createdAt: str(o.created_at),
      updatedAt: str(o.updated_at),
    };
  };

  return {
    customers: rows.customers.map((c) => ({
      id: str(c.id),
      email: strOrNull(c.email),
      phone: strOrNull(c.phone),
      firstName: strOrNull(c.first_name),
      lastName: strOrNull(c.last_name),
      erasedAt: strOrNull(c.erased_at),
      createdAt: str(c.created_at),
    })),
    orders: rows.orders.map(order),
    updatePreferences: rows.preferences.map((p) => ({
      orderId: str(p.order_id),
      channel: str(p.channel),
      contact: strOrNull(p.contact),
      consentAt: str(p.consent_at),
    })),
    marketingConsents: rows.marketingConsents.map((m) => ({
      customerId: str(m.customer_id),
      channel: str(m.channel),
      state: str(m.state),
      at: str(m.at),
      source: str(m.source),
      updatedAt: str(m.updated_at),
    })),
    consentChanges: rows.consentChanges.map((c) => ({
      customerId: str(c.customer_id),
      orderId: strOrNull(c.order_id),
      purpose: str(c.purpose),
      channel: str(c.channel),
      state: str(c.state),
      at: str(c.at),
      source: str(c.source),
      recordedAt: str(c.recorded_at),
    })),
    surveyResponses: rows.surveys.map((s) => ({
      orderId: str(s.order_id),
      rating: s.rating === null || s.rating === undefined ? null : num(s.rating),
      nps: s.nps === null || s.nps === undefined ? null : num(s.nps),
      standoutChoice: strOrNull(s.standout_choice),
      standoutText: strOrNull(s.standout_text),
      wants: strOrNull(s.wants),
      comment: strOrNull(s.comment),
      callbackPhone: strOrNull(s.callback_phone),
      callbackTime: strOrNull(s.callback_time),
      sentiment: str(s.sentiment),
      nextAction: str(s.next_action),
      stepsAnswered: num(s.steps_answered),
      completedAt: strOrNull(s.completed_at),
      alertResolvedAt: strOrNull(s.alert_resolved_at),
      createdAt: str(s.created_at),
      updatedAt: str(s.updated_at),
    })),
    surveyAnswers: rows.surveyAnswers.map((a) => ({
      orderId: str(a.order_id),
      placement: str(a.placement) as SurveyPlacement,
      version: num(a.version),
      questionId: str(a.question_id),
      questionType: str(a.question_type) as QuestionType,
      value: JSON.parse(str(a.value)) as SurveyAnswerValue,
      createdAt: str(a.created_at),
      updatedAt: str(a.updated_at),
    })),
    reviews: rows.reviews.map((r) => ({
      orderId: str(r.order_id),
      sku: str(r.sku),
      rating: num(r.rating),
      title: strOrNull(r.title),
      body: strOrNull(r.body),
      status: str(r.status),
      moderationReason: strOrNull(r.moderation_reason),
      author: str(r.author),
      reply: strOrNull(r.reply_body),
      photos: JSON.parse(str(r.photos) || "[]") as string[],
      createdAt: str(r.created_at),
      updatedAt: str(r.updated_at),
    })),
    moments: rows.moments.map((m) => ({
      orderId: str(m.order_id),
      kind: str(m.kind),
      ref: str(m.ref),
      dueAt: str(m.due_at),
      marketing: num(m.marketing) === 1,
      status: str(m.status),
      reason: strOrNull(m.reason),
      decidedAt: strOrNull(m.decided_at),
      eventId: strOrNull(m.event_id),
      sentUnder: m.consent === null || m.consent === undefined ? null : sentUnderOf(parsed(str(m.consent))),
    })),
    offerDecisions: rows.offerDecisions.map((d) => ({
      orderId: str(d.order_id),
      placement: str(d.placement),
      arm: str(d.arm),
      segment: str(d.segment),
      offers: offersOf(parsed(str(d.offers))),
      at: str(d.at),
    })),
    widgetEvents: rows.widgetEvents.map((e) => ({
      orderId: str(e.order_id),
      type: str(e.type),
      target: strOrNull(e.target),
      occurredAt: str(e.occurred_at),
    })),
    outboundEvents: rows.outboundEvents.map((e) => ({
      id: str(e.id),
      type: str(e.type),
      createdAt: str(e.created_at),
      payload: parsed(redactTokens(str(e.payload), tokens)),
      deliveries: deliveriesOf(parsed(str(e.deliveries ?? "[]"))),
    })),
  };
}

/** An offer decision's offers as stored ({sku, kind, score, reason}); anything else is left out. */
function offersOf(value: unknown): CustomerExport["offerDecisions"][number]["offers"] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((o): o is Record<string, unknown> => typeof o === "object" && o !== null)
    .map((o) => ({ sku: String(o.sku ?? ""), kind: String(o.kind ?? ""), score: Number(o.score ?? 0), reason: String(o.reason ?? "") }));
}

/** What a moment went out under, as stored ({basis, channel, consent?}). */
function sentUnderOf(value: unknown): CustomerExport["moments"][number]["sentUnder"] {
  if (typeof value !== "object" || value === null) return null;
  const v = value as Record<string, unknown>;
  const c = typeof v.consent === "object" && v.consent !== null ? (v.consent as Record<string, unknown>) : null;
  return {
    basis: String(v.basis ?? ""),
    channel: String(v.channel ?? ""),
    consent: c ? { state: String(c.state ?? ""), at: String(c.at ?? ""), source: String(c.source ?? "") } : null,
  };
}

/** An event's deliveries as storage aggregated them. */
function deliveriesOf(value: unknown): CustomerExport["outboundEvents"][number]["deliveries"] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((d): d is Record<string, unknown> => typeof d === "object" && d !== null)
    .map((d) => ({
      endpointId: String(d.endpointId ?? ""),
      attempts: Number(d.attempts ?? 0),
      deliveredAt: d.deliveredAt === null || d.deliveredAt === undefined ? null : String(d.deliveredAt),
    }));
}

/** The export as a file to hand to the customer. */
export function customerExportFile(storeId: string, customerId: string, data: CustomerExport, now: Date): CustomerExportFile {
  return { format: "doorstep.customer-export.v1", storeId, customerId, exportedAt: now.toISOString(), data };
}

/** `doorstep-<store>-customer-<id>-<YYYY-MM-DD>.json`, with anything but letters, digits, `.`, `_` and `-` as `_`. */
export function customerExportFileName(storeId: string, customerId: string, now: Date): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, "_");
  return `doorstep-${safe(storeId)}-customer-${safe(customerId)}-${now.toISOString().slice(0, 10)}.json`;
}
