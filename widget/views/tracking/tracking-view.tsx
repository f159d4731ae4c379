import { useEffect, useRef, useState } from "preact/hooks";
import type { OrderView, StorePublicConfig } from "../../../worker/schemas/views.ts";
import type { I18n } from "../../i18n/index.ts";
import { Returns } from "../../ui/returns.tsx";
import { Support } from "../../ui/support.tsx";
import { followOrder } from "./live-order.ts";
import type { TrackingText } from "./messages.ts";
import { Parcel } from "./parcel.tsx";
import { ReturnCode } from "./return-code.tsx";
import { StatusBanner } from "./status-banner.tsx";
import { UpdateOptIn } from "./update-opt-in.tsx";

interface Props {
  i18n: I18n;
  tt: TrackingText;
  api: string;
  token: string;
  initial: OrderView;
  config?: StorePublicConfig;
  onChange(view: OrderView, before: OrderView): void;
  onPreference(channel: string): void;
}

/** What a screen reader hears when a parcel moves on: one sentence per parcel whose status changed. */
function announcement(tt: TrackingText, before: OrderView, after: OrderView): string {
  return after.shipments
    .filter((s) => before.shipments.find((b) => b.id === s.id)?.status !== s.status)
    .map((s, i) => (after.shipments.length > 1 ? `${tt("parcel", { n: i + 1, total: after.shipments.length })}: ` : "") + tt(`s_${s.status}`))
    .join(". ");
}

/** Live tracking for one order: every parcel, what to do if something is wrong, returns and help. */
export function TrackingView({ i18n, tt, api, token, initial, config, onChange, onPreference }: Props) {
  const [view, setView] = useState(initial);
  const [said, setSaid] = useState("");
  const latest = useRef(initial);

  useEffect(
    () =>
      followOrder({
        api,
        token,
        current: initial,
        onChange(next) {
          setSaid(announcement(tt, latest.current, next));
          onChange(next, latest.current);
          latest.current = next;
          setView(next);
        },
      }),
    [api, token],
  );

  const parcels = view.shipments;
  return (
    <>
      <header class="track-head">
        <p class="eyebrow">{i18n.t("orderNumber", { number: view.order.number })}</p>
        <h2>{tt("title")}</h2>
      </header>
      <p class="sr-only" aria-live="polite">
        {said}
      </p>
      <StatusBanner i18n={i18n} tt={tt} view={view} support={config?.support} />
      {parcels.length === 0 ? (
        <section class="card">
          <h3>{tt("s_ordered")}</h3>
          <p class="window">{tt("arriving", { window: i18n.dateRange(view.delivery.from, view.delivery.to) })}</p>
          <p class="muted">{tt("notShipped")}</p>
        </section>
      ) : (
        parcels.map((parcel, i) => (
          <Parcel
            key={parcel.id}
            i18n={i18n}
            tt={tt}
            parcel={parcel}
            label={parcels.length > 1 ? tt("parcel", { n: i + 1, total: parcels.length }) : undefined}
          />
        ))
      )}
      <UpdateOptIn tt={tt} api={api} token={token} current={view.updates} onSaved={onPreference} />
      <Returns i18n={i18n} view={view}>
        <ReturnCode tt={tt} text={view.links.status} number={view.order.number} />
      </Returns>
      <Support i18n={i18n} support={config?.support} />
    </>
  );
}
