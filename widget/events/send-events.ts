/**
 * Fire-and-forget widget events, one POST per event, no retry. A stand-in for the persistent retrying
 * queue: views call only `sendEvent(api, token, type, target)`, so the queue can replace this file
 * without touching them.
 */
import { postEvents, type Result, type WidgetEventBody } from "../api.ts";
import type { EventsAccepted } from "../../worker/schemas/views.ts";

/** 22 URL-safe characters from 16 random bytes: unique per event, made when the event happens. */
export function newEventId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Records one event for the order behind `token`. Never throws; answers the worker's reply as a value. */
export function sendEvent(api: string, token: string, type: string, target?: string): Promise<Result<EventsAccepted>> {
  try {
    const event: WidgetEventBody = { id: newEventId(), type, at: new Date().toISOString() };
    if (target !== undefined) event.target = target;
    return postEvents(api, token, [event]);
  } catch {
    return Promise.resolve({ ok: false, error: { status: 0, code: "send_failed", message: "The event was not sent." } });
  }
}
