import type { DeliveryWindow } from "../../../contract/order-view.ts";
import type { I18n } from "../../i18n/index.ts";
import { dateRange } from "../../i18n/format.ts";

/** The estimated delivery window, as one localised date range. */
export function Delivery({ i18n, window }: { i18n: I18n; window: DeliveryWindow }) {
  return (
    <section class="card delivery">
      <h3>{i18n.t("delivery")}</h3>
      <p class="window">{dateRange(i18n, window.from, window.to)}</p>
    </section>
  );
}
