import type { NoticeView, TrackingOrderView, ShipmentView } from "../../../contract/order-view.ts";
import type { I18n } from "../../i18n/index.ts";
import { dateRange, dateTime } from "../../i18n/format.ts";
import type { TrackingKey, TrackingText } from "./messages.ts";

/**
 * The banner's sentences for delays Doorstep noticed (the worker's `notices`): what is going on and what
 * happens next (`n_<kind>`, or `n_today` for a parcel out for delivery), then, for a parcel stalled,
 * late or delayed, the store's own sentence for a late parcel (`promise`). Kept small on purpose: the
 * views' bytes are budgeted.
 */
export const noticeLines = (i18n: I18n, tt: TrackingText, notices: NoticeView[], promise: string, parcel?: ShipmentView): string[] =>
  notices.flatMap((n) => {
    const kind = n.outForDelivery ? "today" : n.kind;
    // Each sentence uses the placeholders its notice has (the worker sends them); the others are unused.
    const said = tt(`n_${kind}` as TrackingKey, {
      date: dateTime(i18n, n.lastScanAt!),
      carrier: parcel?.carrier.name ?? "",
      window: dateRange(i18n, n.expected?.from as string, n.expected?.to as string),
      reason: tt(`r_${n.reason ?? "other"}`),
    });
    return "stalled late delayed".includes(kind) ? [said, promise] : [said];
  });

/** The notices about one parcel, or (without a parcel) about the order as a whole. */
export const noticesFor = (view: TrackingOrderView, parcel?: ShipmentView) =>
  view.notices.filter((n) => (parcel ? n.parcelId == parcel.id : !n.parcelId));
