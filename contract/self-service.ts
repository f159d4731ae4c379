/**
 * What a merchant runs themselves through the admin API (issue 26): the store's settings, its webhook
 * endpoints, its API keys and who signs in to the dashboard, and the audit log of every change to them.
 * The worker's answer schemas (worker/openapi/self-service.ts) are proven equal to these shapes.
 */
import type { AnalyticsSettings } from "./surveys.ts";
import type { BrandingAdjustment } from "./admin.ts";
import type { OutboundEventType } from "./outbound.ts";
import type { Branding, ReturnPolicy, SupportContacts } from "./store-config.ts";
import type { Role, Scope } from "./vocabularies.ts";

/** The store's delivery promise (how delivery windows are estimated before a carrier gives one). */
export interface ShippingSettings {
  processingDays: number;
  transitDaysMin: number;
  transitDaysMax: number;
  businessDaysOnly: boolean;
  ifLate?: string;
  stalledDays?: number;
}

/** When the survey and review invitations go out, per product family. */
export interface FeedbackSettings {
  useDays: Record<string, number>;
  defaultUseDays: number;
  fallbackDays: number;
}

/** Every setting of a store besides its credentials: what `store:update --config` takes, defaults filled in. */
export interface StoreSettingsView {
  name: string;
  origins: string[];
  branding: Branding;
  support: SupportContacts;
  returnPolicy: ReturnPolicy;
  shipping: ShippingSettings;
  feedback: FeedbackSettings;
  messages: Record<string, Record<string, string>>;
  defaultLocale: string;
  locales: string[];
  statusPageUrl?: string;
  /** New in 2026-12 (issue 25): what the widget tells the merchant's analytics (always answered; optional for older clients). */
  analytics?: AnalyticsSettings;
}

/** The top-level sections a `PATCH /v1/admin/settings` replaces one by one. */
export const SETTINGS_SECTIONS = [
  "name",
  "origins",
  "branding",
  "support",
  "returnPolicy",
  "shipping",
  "feedback",
  "messages",
  "defaultLocale",
  "locales",
  "statusPageUrl",
  "analytics",
] as const satisfies readonly (keyof StoreSettingsView)[];
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

/** `GET /v1/admin/settings`: the settings, and the brand colours shoppers are served changed for contrast. */
export interface SettingsAnswer {
  storeId: string;
  settings: StoreSettingsView;
  brandingAdjusted: BrandingAdjustment[];
}

/** `PATCH /v1/admin/settings`: the settings now in force, and the sections that changed (none: nothing written). */
export interface SettingsUpdated extends SettingsAnswer {
  changed: SettingsSection[];
}

/** Who made a change: an API key (`store` is the store's own key), a dashboard session, or the operator's command. */
export interface AuditActor {
  kind: "api_key" | "session" | "operator";
  /** The key's id (`store` for the store's own key), the session's id (`ses_…`), or `cli`. */
  id: string;
  /** The key's name, or the person a sign-in link was made for. */
  name: string | null;
  /** A session's role. */
  role: Role | null;
}

export const AUDIT_ACTIONS = [
  "settings.updated",
  "webhook.created",
  "webhook.updated",
  "webhook.deleted",
  "key.created",
  "key.revoked",
  "login_link.created",
  // New with the connections page and the order panel (issue 26).
  "connection.connected",
  "connection.removed",
  "order.status_link_sent",
  // A dead letter sent back on its queue (issue 23).
  "dead_letter.replayed",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One change, with what it changed: never a secret (a key, a signing secret) and never a whole webhook URL. */
export interface AuditEntry {
  id: number;
  at: string;
  actor: AuditActor;
  action: AuditAction;
  /** The settings section, the endpoint's id, the key's id, or the role a link was made for. */
  target: string;
  /** The section or object before the change (null when it did not exist). */
  before: unknown;
  /** And after (null when it no longer exists). */
  after: unknown;
}

/** `GET /v1/admin/audit`: newest first; `nextBefore` pages back (`?before=`), null at the oldest. */
export interface AuditAnswer {
  entries: AuditEntry[];
  nextBefore: number | null;
}

/** One API key as listed: never the key itself (only its last four characters). */
export interface ApiKeyView {
  /** `store` for the store's own key (every scope; replaced with `store:rotate-key`, not revocable here). */
  id: string;
  name: string;
  kind: "store" | "scoped";
  scopes: Scope[];
  /** The key's last four characters, to tell keys apart; null for the store's own key. */
  hint: string | null;
  createdAt: string | null;
  /** The last answer under 400 the key was given, to the minute; null if never. */
  lastUsedAt: string | null;
}

export interface ApiKeysAnswer {
  keys: ApiKeyView[];
}

/** `POST /v1/admin/keys`: the new key, shown this once. */
export interface ApiKeyCreated extends ApiKeyView {
  key: string;
}

/** `GET /v1/admin/session`: who the credential is and what it may do, so the dashboard shows only that. */
export interface SessionInfo {
  storeId: string;
  storeName: string;
  credential: "api_key" | "session";
  /** A session's role; null for an API key. */
  role: Role | null;
  person: string | null;
  /** An API key's id and name (`store` for the store's own key); null for a session. */
  key: { id: string; name: string } | null;
  scopes: Scope[];
  /** When a session ends; null for an API key. */
  expiresAt: string | null;
}

/** `POST /v1/admin/login-links`: a one-time sign-in link for a colleague, shown this once. */
export interface LoginLinkCreated {
  url: string;
  role: Role;
  person: string | null;
  expiresAt: string;
}

/** An attempt to deliver to an endpoint: its HTTP status (null without an answer) and how long the answer took. */
export interface WebhookAttemptSummary {
  at: string;
  status: number | null;
  error: string | null;
  durationMs: number;
}

/** One webhook endpoint as listed: never its signing secret. */
export interface WebhookEndpointView {
  id: string;
  /**
   * The whole URL (which may carry the receiver's own token) only to a credential holding
   * `webhooks:write`; null to others, who see the host.
   */
  url: string | null;
  host: string;
  events: OutboundEventType[];
  /** Paused: no new events are queued for it and those waiting stay until it is resumed. */
  paused: boolean;
  pausedAt: string | null;
  createdAt: string;
  updatedAt: string | null;
  /** Deliveries waiting for their next attempt. */
  pending: number;
  lastAttempt: WebhookAttemptSummary | null;
}

export interface WebhookEndpointsAnswer {
  endpoints: WebhookEndpointView[];
}

/** `POST /v1/admin/webhooks`, and `PATCH …` with `rotateSecret`: the signing secret, shown this once. */
export interface WebhookEndpointWithSecret extends WebhookEndpointView {
  secret: string;
}

/** `POST /v1/admin/webhooks/{id}/test`: a signed `webhook.test` event sent now, and what the endpoint answered. */
export interface WebhookTestResult extends WebhookAttemptSummary {
  endpointId: string;
  eventId: string;
  delivered: boolean;
}

/** One attempt in an endpoint's delivery log. */
export interface WebhookDeliveryAttempt extends WebhookAttemptSummary {
  eventId: string;
  /** `webhook.test` for a test delivery; null when the event is gone. */
  eventType: string | null;
  attempt: number;
}

/** `GET /v1/admin/webhooks/{id}/deliveries`: newest attempt first; `nextBefore` pages back (`?before=`). */
export interface WebhookDeliveryLog {
  endpointId: string;
  pending: number;
  attempts: WebhookDeliveryAttempt[];
  nextBefore: number | null;
}

/** The kinds of outside system a store links (worker/domain/connections.ts). */
export type ConnectionKind = "platform" | "aggregator" | "destination";

/** One of the store's connections as `GET /v1/admin/connections` lists it: never a credential. */
export interface ConnectionView {
  storeId: string;
  platform: "shopify" | "woocommerce" | "easypost" | "aftership" | "klaviyo";
  kind: ConnectionKind;
  webhookUrl?: string;
  topics: string[];
  settings: Record<string, string>;
  status: "active" | "paused" | "disconnected";
  /** The last delivery from the provider. */
  lastInAt: string | null;
  /** The last call Doorstep made to it that went through. */
  lastOutAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  /** When its credentials were last set: shown as "set on <date>", the credentials never. */
  secretSetAt: string;
  /** The names of the credentials held (`secret`, `token`, `apiKey`…), never their values. */
  credentials: string[];
  updatedAt: string;
}

export interface ConnectionsAnswer {
  connections: ConnectionView[];
}

/** `POST /v1/admin/connections/{provider}/test`: one authenticated call to the provider, now. */
export interface ConnectionTestResult {
  provider: ConnectionView["platform"];
  /** false for a platform: it sends to Doorstep, and Doorstep holds nothing it could call to test. */
  tested: boolean;
  /** The provider accepted the credentials (2xx); null when not tested. */
  ok: boolean | null;
  status: number | null;
  durationMs: number | null;
  /** The provider's own words on a refusal, or what the test could not do. */
  message: string;
  at: string;
  /** When the provider last delivered to Doorstep (what there is to know of a platform). */
  lastInAt: string | null;
}

/** One order found by `GET /v1/admin/orders?number=` or `?email=` (exact matches only). */
export interface OrderFound {
  id: string;
  number: string;
  placedAt: string;
  currency: string;
  total: number;
  cancelledAt: string | null;
  customerId: string;
  email: string | null;
  parcels: number;
}

export interface OrderSearchAnswer {
  orders: OrderFound[];
}

/** `POST /v1/admin/orders/{orderId}/status-link`: the order's status link sent again through its tools. */
export interface StatusLinkResent {
  orderId: string;
  /** sent: queued for the store's endpoints and Klaviyo; suppressed: not sent, see `reason`. */
  status: "sent" | "suppressed";
  /** Why not: erased, opted_out (the shopper chose no updates). */
  reason: string | null;
  /** The channel it goes out by: the shopper's delivery-update choice (email unless they chose otherwise). */
  channel: string | null;
  /** The outbound event (moment.status_link) carrying it; null when suppressed. */
  eventId: string | null;
  statusUrl: string | null;
  requestedAt: string;
  /** true: asked again within the window, the first request's outcome is answered and nothing more sent. */
  repeated: boolean;
}
