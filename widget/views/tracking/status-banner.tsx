import type { SupportContacts } from "../../../contract/store-config.ts";
import type { TrackingOrderView, ShipmentView } from "../../../contract/order-view.ts";
import type { I18n } from "../../i18n/index.ts";
import { date, dateRange } from "../../i18n/format.ts";
import { safeUrl } from "../../ui/safe-url.ts";
import type { TrackingText } from "./messages.ts";
import { noticeLines, noticesFor } from "./notice-lines.ts";

/** Add this many days to the promise before "contact us and we'll make it right" applies. */
const GRACE_DAYS = 2;

/**
 * `YYYY-MM-DD` plus whole days, in UTC; the date as it came if it is not one. (The worker's
 * calendar-date.ts does the same with range checks the widget does not need, for half a kilobyte.)
 */
const addDays = (ymd: string, days: number) => {
  const time = Date.parse(`${ymd}T00:00:00Z`);
  return isNaN(time) ? ymd : new Date(time + days * 86_400_000).toISOString().slice(0, 10);
};

/** The one sentence that says what went wrong with a parcel and what happens next. */
function explain(i18n: I18n, tt: TrackingText, view: TrackingOrderView, parcel?: ShipmentView): string[] {
  if (parcel?.status === "returned") return [tt("s_returned"), tt("returnedNext")];
  if (parcel?.exception) return [tt(`x_${parcel.exception.kind}`)];
  const window = parcel?.window ?? view.delivery;
  const promise = view.delivery.ifLate ?? tt("ifLate", { date: date(i18n, addDays(window.to, GRACE_DAYS)) });
  const noticed = noticesFor(view, parcel);
  if (noticed.length) return noticeLines(i18n, tt, noticed, promise, parcel);
  if (parcel?.delayReason === "revised_estimate") return [tt("revised", { window: dateRange(i18n, window.from, window.to) }), promise];
  if (parcel?.delayReason === "carrier_delay") return [tt("carrierDelay"), promise];
  return [tt("late"), promise];
}

/**
 * A clear banner when anything is late or wrong, with the way to get help right in it. Announced
 * once by screen readers when it appears (role=status), not on every refresh.
 */
export function StatusBanner({
  i18n,
  tt,
  view,
  support,
}: {
  i18n: I18n;
  tt: TrackingText;
  view: TrackingOrderView;
  support?: SupportContacts;
}) {
  const troubled = view.shipments.filter((s) => s.delayed || s.status === "returned" || noticesFor(view, s).length);
  const orderWide = noticesFor(view);
  if (!troubled.length && !view.delayed && !orderWide.length) return null;
  // The order as a whole first (not shipped yet, or late with no parcel), then each parcel in trouble.
  const lines = (orderWide.length || !troubled.length ? [undefined, ...troubled] : troubled).flatMap((s) => explain(i18n, tt, view, s));
  const help = support?.email
    ? `mailto:${support.email}`
    : support?.phone
      ? `tel:${support.phone.replace(/[^+\d]/g, "")}`
      : safeUrl(support?.url);
  const alarming = troubled.some((s) => s.exception || s.status === "returned");
  return (
    <div class={alarming ? "banner alarm" : "banner"} role="status">
      {[...new Set(lines)].map((line) => (
        <p key={line}>{line}</p>
      ))}
      {help && (
        <a class="link" href={help}>
          {tt("getHelp")}
          <span aria-hidden="true">→</span>
        </a>
      )}
    </div>
  );
}
