import type { ShipmentView, TrackingUpdateView } from "../../../contract/order-view.ts";
import type { I18n } from "../../i18n/index.ts";
import { dateRange, eventTime } from "../../i18n/format.ts";
import { safeUrl } from "../../ui/safe-url.ts";
import type { TrackingText } from "./messages.ts";

interface Props {
  i18n: I18n;
  tt: TrackingText;
  parcel: ShipmentView;
  /** "Parcel 1 of 2", only when there is more than one. */
  label?: string;
}

/** What a carrier said, where and when (in the shopper's time zone). */
function Update({ i18n, tt, update }: { i18n: I18n; tt: TrackingText; update: TrackingUpdateView }) {
  return (
    <>
      {update.description ?? (update.status && tt(`s_${update.status}`))}
      <br />
      <span class="when">{[update.location, eventTime(i18n, update.at)].filter(Boolean).join(" · ")}</span>
    </>
  );
}

/** One parcel: where it is on its way, when to expect it, what is in it and who carries it. */
export function Parcel({ i18n, tt, parcel, label }: Props) {
  const current = parcel.milestones.filter((m) => m.reached).at(-1)?.status;
  const carrierUrl = safeUrl(parcel.carrier.url);
  const { latest, history } = parcel;
  return (
    <section class="card" aria-label={label ?? tt(`s_${parcel.status}`)}>
      {label && <p class="eyebrow">{label}</p>}
      <h3>{tt(`s_${parcel.status}`)}</h3>
      <p class="window">
        {parcel.deliveredAt
          ? tt("deliveredOn", { date: eventTime(i18n, parcel.deliveredAt) })
          : parcel.status != "returned" && tt("arriving", { window: dateRange(i18n, parcel.window.from, parcel.window.to) })}
      </p>
      <ol class="steps" aria-label={tt("progress")}>
        {parcel.milestones.map((m) => (
          <li
            key={m.status}
            class={m.status == current ? "now" : m.reached ? "done" : ""}
            aria-current={m.status == current ? "step" : undefined}
          >
            <span class="dot" aria-hidden="true" />
            <span>
              {tt(`m_${m.status}`)}
              {m.reached && m.status != current && <span class="vh">, {tt("stepDone")}</span>}
            </span>
            {m.reached && m.at && <span class="when">{eventTime(i18n, m.at)}</span>}
          </li>
        ))}
      </ol>
      {latest && (
        <>
          <h4>{tt("latest")}</h4>
          <p class="latest">
            <Update i18n={i18n} tt={tt} update={latest} />
          </p>
        </>
      )}
      <h4>{tt("inParcel")}</h4>
      <ul class="items">
        {parcel.lines.map((line) => (
          <li key={line.sku}>
            {line.name} <span class="muted">× {line.quantity}</span>
          </li>
        ))}
      </ul>
      <h4>{tt("trackingNo", { carrier: parcel.carrier.name })}</h4>
      <p class="mono">{parcel.carrier.trackingNumber}</p>
      {carrierUrl && (
        <a class="link" href={carrierUrl} target="_blank" rel="noopener noreferrer">
          {tt("onCarrierSite", { carrier: parcel.carrier.name })} ↗
        </a>
      )}
      {history.length > 1 && (
        <details class="history">
          <summary>{tt("history")}</summary>
          <ol>
            {history.map((u, i) => (
              <li key={i}>
                <Update i18n={i18n} tt={tt} update={u} />
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
}
