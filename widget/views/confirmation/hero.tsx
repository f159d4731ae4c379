import type { I18n } from "../../i18n/index.ts";
import { dateTime } from "../../i18n/format.ts";
import { safeUrl } from "../../ui/safe-url.ts";

interface Props {
  i18n: I18n;
  number: string;
  placedAt: string;
  statusUrl?: string;
  onStatusClick(): void;
}

/** The top of the receipt: a tick, the thank-you heading, the order number, the way to follow it. */
export function Hero({ i18n, number, placedAt, statusUrl, onStatusClick }: Props) {
  const href = safeUrl(statusUrl);
  return (
    <section class="hero">
      <span class="tick" aria-hidden="true" />
      <h2>{i18n.t("thanks")}</h2>
      <p class="muted">
        <span class="order-no">{i18n.t("orderNumber", { number })}</span> · {i18n.t("placedOn", { date: dateTime(i18n, placedAt) })}
      </p>
      {href && (
        <a class="btn" href={href} onClick={onStatusClick}>
          {i18n.t("statusButton")}
          <span aria-hidden="true">→</span>
        </a>
      )}
    </section>
  );
}
