/**
 * A store's webhook endpoints as the merchant sees them (issue 26): what a listing shows, what the
 * audit log keeps of a change, and the event types an endpoint may take. Pure.
 */
import { OUTBOUND_EVENT_TYPES, type OutboundEventType } from "../../contract/outbound.ts";
import type { WebhookEndpointView } from "../../contract/self-service.ts";

/** A store has at most this many endpoints: each event is queued once per endpoint. */
export const MAX_ENDPOINTS = 20;

/** The event types of `events` that are not outbound event types (the operator command says which). */
export const unknownEventTypes = (events: readonly string[]): string[] =>
  events.filter((event) => !(OUTBOUND_EVENT_TYPES as readonly string[]).includes(event));

/** The outbound event types among `events`, each once, in the vocabulary's order. */
export const knownEventTypes = (events: readonly string[]): OutboundEventType[] =>
  OUTBOUND_EVENT_TYPES.filter((type) => events.includes(type));

/** The types a new endpoint receives: those named; every type when none is named. */
export const chosenEventTypes = (events: readonly string[] | undefined): OutboundEventType[] =>
  events?.length ? knownEventTypes(events) : [...OUTBOUND_EVENT_TYPES];

/** The host of an endpoint's URL: what may be shown to anyone who reads the store (the whole URL may carry a token). */
export function endpointHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "";
  }
}

export interface StoredEndpoint {
  id: string;
  url: string;
  events: readonly string[];
  pausedAt: string | null;
  createdAt: string;
  updatedAt: string | null;
  pending: number;
  lastAttempt: WebhookEndpointView["lastAttempt"];
}

/** An endpoint as listed: the whole URL only to a credential that may change endpoints. */
export function endpointView(endpoint: StoredEndpoint, showUrl: boolean): WebhookEndpointView {
  return {
    id: endpoint.id,
    url: showUrl ? endpoint.url : null,
    host: endpointHost(endpoint.url),
    events: knownEventTypes(endpoint.events),
    paused: endpoint.pausedAt !== null,
    pausedAt: endpoint.pausedAt,
    createdAt: endpoint.createdAt,
    updatedAt: endpoint.updatedAt,
    pending: endpoint.pending,
    lastAttempt: endpoint.lastAttempt,
  };
}

/** What the audit log keeps of an endpoint: never its secret, and of its URL only the host. */
export interface EndpointAudit {
  host: string;
  events: string[];
  paused: boolean;
}

export const endpointAudit = (endpoint: { url: string; events: readonly string[]; pausedAt: string | null }): EndpointAudit => ({
  host: endpointHost(endpoint.url),
  events: [...endpoint.events],
  paused: endpoint.pausedAt !== null,
});

/**
 * An endpoint's change for the audit log: the fields that changed, before and after; a new URL on the
 * same host is `urlChanged`, a new secret `secretRotated` (never the URL or the secret themselves).
 */
export function endpointChange(
  before: { url: string; events: readonly string[]; pausedAt: string | null },
  after: { url: string; events: readonly string[]; pausedAt: string | null },
  secretRotated: boolean,
): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const [was, now] = [endpointAudit(before), endpointAudit(after)];
  const changed: { before: Record<string, unknown>; after: Record<string, unknown> } = { before: {}, after: {} };
  if (was.host !== now.host) [changed.before.host, changed.after.host] = [was.host, now.host];
  else if (before.url !== after.url) changed.after.urlChanged = true;
  if (was.events.join() !== now.events.join()) [changed.before.events, changed.after.events] = [was.events, now.events];
  if (was.paused !== now.paused) [changed.before.paused, changed.after.paused] = [was.paused, now.paused];
  if (secretRotated) changed.after.secretRotated = true;
  return Object.keys(changed.after).length ? changed : null;
}
