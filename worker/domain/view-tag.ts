/**
 * The order view's entity tag (issue 23), pure: `W/"<format>.<order version>.<store version>.<until>"`.
 * The versions rise with every write that changes what the view shows (storage/view-versions.ts); but
 * the view also changes by itself as time passes (a day begins, the feedback invitation opens, a parcel
 * without a scan becomes stalled), so the tag also says until when it holds (`until`, seconds since
 * the epoch in base 36): the first instant the view drawn now could differ with no write at all, and at
 * most the next full hour, so that a deployed change in how views are drawn reaches open tabs within
 * the hour. A tag whose versions are the order's and whose `until` is still ahead names the view the
 * worker would draw now: `If-None-Match` is answered from the versions alone. The survey view's part
 * of it (`?view=survey`, issue 22), the confirmation's and the tracking's (`?view=confirmation|tracking`) are
 * other bodies of the same versions: their tags carry the shape after the format (`W/"2s.…"`, `W/"2c.…"`,
 * `W/"2t.…"`), so that a
 * browser never revalidates one body with another's tag.
 */
import type { OrderView } from "../../contract/order-view.ts";
import { addDays } from "./calendar-date.ts";
import { localDate, offsetOf, startOfLocalDay } from "./delays/local-time.ts";
import { watchOrder } from "./delays/watch.ts";
import type { OrderViewInput } from "./order-view.ts";
import type { OrderViewShape } from "./survey-view.ts";

/** Raise it when the view drawn from the same data changes on purpose, to retire every tag at once. */
export const VIEW_FORMAT = 3;

export interface ViewVersions {
  order: number;
  store: number;
}

const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * Until when (ms, exclusive) the view drawn from `input` at `input.now` stays what it is, writes apart:
 * the next UTC midnight (parcels' states and `delayed` go by the UTC day; within the next full hour),
 * the shopper's next midnight (notices go by their day), the feedback invitation opening, a parcel's
 * last scan growing old enough to count as stalled; whichever comes first.
 */
export function viewHoldsUntil(input: OrderViewInput, view: OrderView): number {
  const now = input.now.getTime();
  const offset = offsetOf(input.order.placedAt);
  const watch = watchOrder(input.order, input.store.shipping, input.shipments, input.now);
  const changes = [
    Math.floor(now / HOUR) * HOUR + HOUR,
    startOfLocalDay(addDays(localDate(now, offset), 1), offset),
    Date.parse(view.feedback.opensAt),
    ...watch.parcels.flatMap((p) => (p.lastScanAt ? [Date.parse(p.lastScanAt) + watch.stalledDays * DAY] : [])),
  ];
  return Math.min(...changes.filter((t) => t > now));
}

/** The letter after the format that says which body a tag names; none for the whole view (its tags unchanged). */
const SHAPE_MARK: Record<OrderViewShape, string> = { full: "", survey: "s", confirmation: "c", tracking: "t" };

/** The tag of a view read at `versions` that holds until `until` (ms; kept to the second below it), in `shape`. */
export function viewTag(versions: ViewVersions, until: number, shape: OrderViewShape = "full"): string {
  return `W/"${VIEW_FORMAT}${SHAPE_MARK[shape]}.${versions.order}.${versions.store}.${Math.floor(until / 1000).toString(36)}"`;
}

const TAG = /^\s*(?:W\/)?"(\d+)([a-z]?)\.(\d+)\.(\d+)\.([0-9a-z]{1,10})"\s*$/;

function parse(tag: string): { versions: ViewVersions; until: number; format: number; mark: string } | undefined {
  const m = TAG.exec(tag);
  if (!m) return undefined;
  return {
    format: Number(m[1]),
    mark: m[2]!,
    versions: { order: Number(m[3]), store: Number(m[4]) },
    until: Number.parseInt(m[5]!, 36) * 1000,
  };
}

/** Whether a tag this module made still holds at `now` (an answer kept under it may be served). */
export function tagHolds(tag: string, now: number): boolean {
  const parsed = parse(tag);
  return !!parsed && parsed.format === VIEW_FORMAT && now < parsed.until;
}

/**
 * The tag among an `If-None-Match` list that names the view in `shape` at these versions and still
 * holds at `now`, as this module writes it; undefined if none does (`*` and other servers' tags
 * included: they are answered by comparing with the tag of the view itself).
 */
export function heldTag(
  ifNoneMatch: string | undefined,
  versions: ViewVersions,
  now: number,
  shape: OrderViewShape = "full",
): string | undefined {
  for (const candidate of ifNoneMatch?.split(",") ?? []) {
    const parsed = parse(candidate);
    if (
      parsed &&
      parsed.format === VIEW_FORMAT &&
      parsed.mark === SHAPE_MARK[shape] &&
      parsed.versions.order === versions.order &&
      parsed.versions.store === versions.store &&
      now < parsed.until
    )
      return viewTag(versions, parsed.until, shape);
  }
  return undefined;
}
