/** The dashboard's calls to the admin API, on the origin that served it, with the stored credential. */
import type { AdminMetrics, AlertsAnswer, BrandingAnswer, DashboardSession, OrderMomentsAnswer, StoredOrder } from "../contract/admin.ts";
import type { ReviewSummary } from "../contract/reviews.ts";
import type { DeliveriesAnswer } from "../contract/outbound.ts";

export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const KEY = "doorstep:admin-credential";

export const storedCredential = () => sessionStorage.getItem(KEY);
export const storeCredential = (credential: string | null) =>
  credential ? sessionStorage.setItem(KEY, credential) : sessionStorage.removeItem(KEY);

/**
 * The newest D1 bookmark the worker's answers carried (docs/contract.md, issue 23), sent with every
 * call: a read after the dashboard's own write (signing in, marking an alert handled) sees that write
 * even when a read replica answers it. In memory only; bookmarks sort as the database's history does.
 */
let bookmark = "";
const BOOKMARK = "Doorstep-Bookmark";

async function call<T>(path: string, credential: string | null, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, {
    ...init,
    headers: {
      ...(credential ? { Authorization: `Bearer ${credential}` } : {}),
      ...(bookmark ? { [BOOKMARK]: bookmark } : {}),
      ...(init.headers ?? {}),
    },
  });
  const answered = res.headers.get(BOOKMARK);
  if (answered && answered > bookmark) bookmark = answered;
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    throw new AdminError(res.status, body.error?.code ?? `http_${res.status}`, body.error?.message ?? res.statusText);
  }
  return (res.headers.get("content-type") ?? "").includes("json") ? ((await res.json()) as T) : ((await res.text()) as T);
}

/** Trades a one-time login code for a session token. */
export const signIn = (code: string) =>
  call<DashboardSession>("/v1/admin/session", null, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ code }),
  });

/** Ends a dashboard session on the server (an API key typed in has nothing to end). */
export const signOutSession = (credential: string) =>
  credential.startsWith("dss_") ? call("/v1/admin/session", credential, { method: "DELETE" }).then(() => undefined) : Promise.resolve();

export const getMetrics = (credential: string, from: string, to: string) =>
  call<AdminMetrics>(`/v1/admin/metrics?from=${from}&to=${to}`, credential);

export const getAlerts = (credential: string) => call<AlertsAnswer>("/v1/admin/alerts", credential);
export const resolveAlert = (credential: string, orderId: string) =>
  call(`/v1/admin/alerts/${encodeURIComponent(orderId)}/resolve`, credential, { method: "POST" });

/** A CSV export, fetched with the credential (a plain link cannot send it) and saved as a file. */
export async function downloadCsv(credential: string, what: "survey-responses" | "reviews", from: string, to: string) {
  const text = await call<string>(`/v1/admin/${what}?from=${from}&to=${to}&format=csv`, credential);
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
  link.download = `${what}-${from}-${to}.csv`;
  link.click();
  URL.revokeObjectURL(link.href);
}

export const getOrder = (credential: string, idOrNumber: string) =>
  call<StoredOrder>(`/v1/admin/orders/${encodeURIComponent(idOrNumber)}`, credential);

export const getOrderMoments = (credential: string, orderId: string) =>
  call<OrderMomentsAnswer>(`/v1/admin/orders/${encodeURIComponent(orderId)}/moments`, credential);

/** Brand colours shoppers see adjusted for contrast (none when every colour reads as given). */
export const getBranding = (credential: string) => call<BrandingAnswer>("/v1/admin/branding", credential);

/** Parcels at risk and the counts of every delay notice (GET /v1/admin/parcels). */
export interface ParcelsAtRisk {
  counts: Record<"fulfillment_delayed" | "stalled" | "late" | "arriving_soon" | "exception" | "unregistered", number>;
  unshipped: { orderId: string; since: string }[];
  parcels: {
    shipmentId: string;
    orderId: string;
    carrier: string;
    trackingNumber: string;
    status: string;
    exception?: string;
    risks: ("stalled" | "late" | "exception" | "unregistered")[];
    lastScanAt: string | null;
    expectedTo: string;
    registrations: { provider: string; status: string; attempts: number; lastError: string | null; nextAttemptAt: string | null }[];
  }[];
}

export const getParcelsAtRisk = (credential: string) => call<ParcelsAtRisk>("/v1/admin/parcels", credential);

export interface CarrierPerformance {
  carrier: string;
  delivered: number;
  onTime: number;
  onTimeRate: number | null;
}

export const getCarrierPerformance = (credential: string, from: string, to: string) =>
  call<{ carriers: CarrierPerformance[] }>(`/v1/admin/carrier-performance?from=${from}&to=${to}`, credential);

/** Messages to the store's tools that failed or are retrying, and the week's counts per destination. */
export const getDeliveries = (credential: string) => call<DeliveriesAnswer>("/v1/admin/deliveries", credential);

/** One of the store's connections as GET /v1/admin/connections lists it (what the dashboard reads of it). */
export interface Connection {
  platform: string;
  kind: "platform" | "aggregator" | "destination";
  status: "active" | "paused" | "disconnected";
  /** The last call Doorstep made to it that went through. */
  lastOutAt: string | null;
  /** The last failure, as `event.type: what went wrong`, and when. */
  lastError: string | null;
  lastErrorAt: string | null;
}

export const getConnections = (credential: string) => call<{ connections: Connection[] }>("/v1/admin/connections", credential);

/** The published share per star (issue 24): every rating's reviews, published, pending and rejected. */
export const getReviewSummary = (credential: string) => call<ReviewSummary>("/v1/admin/reviews/summary", credential);
export type { ReviewSummary };
