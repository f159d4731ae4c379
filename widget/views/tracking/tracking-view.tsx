import { Component } from "preact";
import type { TrackingOrderView, ShipmentView } from "../../../contract/order-view.ts";
import type { StorePublicConfig } from "../../../contract/store-config.ts";
import type { I18n } from "../../i18n/index.ts";
import { date, dateRange } from "../../i18n/format.ts";
import { Returns } from "../../ui/returns.tsx";
import { Support } from "../../ui/support.tsx";
import { FeedbackPanel } from "../feedback/feedback-panel.tsx";
import type { FeedbackText } from "../feedback/messages.ts";
import { followOrder } from "./live-order.ts";
import type { TrackingText } from "./messages.ts";
import { Parcel } from "./parcel.tsx";
import { ReturnCode } from "./return-code.tsx";
import { StatusBanner } from "./status-banner.tsx";
import { UpdateOptIn } from "./update-opt-in.tsx";

interface Props {
  i18n: I18n;
  tt: TrackingText;
  ft: FeedbackText;
  api: string;
  token: string;
  initial: TrackingOrderView;
  config?: StorePublicConfig;
  /** The order changed on the worker: the parcels whose status moved on, if any. */
  onChange(moved: ShipmentView[]): void;
  onPreference(channel: string): void;
  record(type: string, target: string): void;
  host: Element;
}

/**
 * What a screen reader hears when parcels move on (`moved`, of the order's `all`): one sentence per
 * parcel whose status changed.
 */
const announcement = (tt: TrackingText, moved: ShipmentView[], all: ShipmentView[]) =>
  moved.map((s, i) => (all.length > 1 ? `${tt("parcel", { n: i + 1, total: all.length })}: ` : "") + tt(`s_${s.status}`)).join(". ");

/** Live tracking for one order: every parcel, what to do if something is wrong, returns and help. */
export class TrackingView extends Component<Props, { view: TrackingOrderView; said: string }> {
  override state = { view: this.props.initial, said: "" };
  stop?: () => void;

  override componentDidMount() {
    const { api, token, initial, tt, onChange } = this.props;
    this.stop = followOrder({
      api,
      token,
      current: initial,
      onChange: (next) => {
        const moved = next.shipments.filter((s) => this.state.view.shipments.find((b) => b.id === s.id)?.status !== s.status);
        onChange(moved);
        this.setState({ view: next, said: announcement(tt, moved, next.shipments) });
      },
    });
  }

  override componentWillUnmount() {
    this.stop?.();
  }

  render({ i18n, tt, ft, api, token, config, onPreference, record, host }: Props, { view, said }: this["state"]) {
    const parcels = view.shipments;
    return (
      <>
        <header class="head">
          <p class="eyebrow">{i18n.t("orderNumber", { number: view.order.number })}</p>
          <h2>{tt("title")}</h2>
        </header>
        <p class="vh" aria-live="polite">
          {said}
        </p>
        <StatusBanner i18n={i18n} tt={tt} view={view} support={config?.support} />
        {parcels.length ? (
          parcels.map((parcel, i) => (
            <Parcel
              key={parcel.id}
              i18n={i18n}
              tt={tt}
              parcel={parcel}
              label={parcels.length > 1 ? tt("parcel", { n: i + 1, total: parcels.length }) : undefined}
            />
          ))
        ) : (
          <section class="card">
            <h3>{tt("s_ordered")}</h3>
            <p class="window">{tt("arriving", { window: dateRange(i18n, view.delivery.from, view.delivery.to) })}</p>
            <p class="muted">{tt("notShipped")}</p>
          </section>
        )}
        {view.feedback.open ? (
          <FeedbackPanel i18n={i18n} ft={ft} api={api} token={token} order={view} config={config} survey record={record} host={host} />
        ) : (
          parcels.length > 0 && <p class="muted">{ft("opensOn", { date: date(i18n, view.feedback.opensAt.slice(0, 10)) })}</p>
        )}
        <UpdateOptIn tt={tt} api={api} token={token} current={view.updates} marketing={view.marketing} onSaved={onPreference} />
        <Returns i18n={i18n} view={view}>
          <ReturnCode tt={tt} api={api} token={token} number={view.order.number} />
        </Returns>
        <Support i18n={i18n} support={config?.support} />
      </>
    );
  }
}
