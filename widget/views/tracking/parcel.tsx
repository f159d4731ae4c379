import type { ShipmentView } from "../../../worker/schemas/views.ts";
import type { I18n } from "../../i18n/index.ts";
import { safeUrl } from "../../ui/safe-url.ts";
import { eventTime } from "./format.ts";
import type { TrackingText } from "./messages.ts";

interface Props {
  i18n: I18n;
  tt: TrackingText;
  parcel: ShipmentView;
  /** "Parcel 1 of 2", only when there is more than one. */
  label?: string;
}

/** One parcel: where it is on its way, when to expect it, what is in it and who carries it. */
export function Parcel({ i18n, tt, parcel, label }: Props) {
  const current = parcel.milestones.filter((m) => m.reached).at(-1)?.status;
  const carrierUrl = safeUrl(parcel.carrier.url);
  const latest = parcel.latest;
  return (
    <section class="card parcel" aria-label={label ?? tt(`s_${parcel.status}`)}>
      {label && <p class="eyebrow">{label}</p>}
      <h3 class="parcel-status">{tt(`s_${parcel.status}`)}</h3>
      <p class="window">
        {parcel.deliveredAt
          ? tt("deliveredOn", { date: eventTime(i18n.locale, parcel.deliveredAt) })
          : parcel.status !== "returned" && tt("arriving", { window: i18n.dateRange(parcel.window.from, parcel.window.to) })}
      </p>
      <ol class="steps" aria-label={tt("progress")}>
        {parcel.milestones.map((m) => (
          <li
            key={m.status}
            class={m.status === current ? "now" : m.reached ? "done" : undefined}
            aria-current={m.status === current ? "step" : undefined}
          >
            <span class="dot" aria-hidden="true" />
            <span class="step-name">
              {tt(`m_${m.status}`)}
              {m.reached && m.status !== current && <span class="sr-only">, {tt("stepDone")}</span>}
            </span>
            {m.at && m.reached && <span class="step-time">{eventTime(i18n.locale, m.at)}</span>}
          </li>
        ))}
      </ol>
      {latest && (
        <div class="latest">
          <h4>{tt("latest")}</h4>
          <p>{latest.description ?? (latest.status ? tt(`s_${latest.status}`) : "")}</p>
          <p class="muted">{[latest.location, eventTime(i18n.locale, latest.at)].filter(Boolean).join(" · ")}</p>
        </div>
      )}
      {parcel.lines.length > 0 && (
        <div>
          <h4>{tt("inParcel")}</h4>
          <ul class="in-parcel">
            {parcel.lines.map((line) => (
              <li key={line.sku}>
                {line.name} <span class="muted">× {line.quantity}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <p class="carrier">
        <span class="muted">{tt("trackingNo", { carrier: parcel.carrier.name })}</span> <span class="mono">{parcel.carrier.trackingNumber}</span>
      </p>
      {carrierUrl && (
        <a class="link" href={carrierUrl} target="_blank" rel="noopener noreferrer">
          {tt("onCarrierSite", { carrier: parcel.carrier.name })}
          <span aria-hidden="true">↗</span>
        </a>
      )}
      {parcel.history.length > 1 && (
        <details class="history">
          <summary>{tt("history")}</summary>
          <ol>
            {parcel.history.map((u, i) => (
              <li key={i}>
                <span>{u.description ?? (u.status ? tt(`s_${u.status}`) : "")}</span>
                <span class="muted">{[u.location, eventTime(i18n.locale, u.at)].filter(Boolean).join(" · ")}</span>
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
}
