import type { ComponentChild } from "preact";
import type { CheckoutFeel as Feel } from "../../../contract/vocabularies.ts";
import type { ConfirmationOrderView } from "../../../contract/order-view.ts";
import type { StorePublicConfig } from "../../../contract/store-config.ts";
import type { I18n } from "../../i18n/index.ts";
import { CheckoutFeel } from "./checkout-feel.tsx";
import { Delivery } from "./delivery.tsx";
import { Hero } from "./hero.tsx";
import { LineItems } from "./line-items.tsx";
import { Returns } from "../../ui/returns.tsx";
import { Support } from "../../ui/support.tsx";
import { Totals } from "./totals.tsx";

export interface ConfirmationProps {
  i18n: I18n;
  view: ConfirmationOrderView;
  config?: StorePublicConfig;
  onStatusClick(): void;
  onFeel(feel: Feel): void;
  /** The merchant's thank-you-page survey (the attribution question by default), under the checkout-feel cue. */
  survey?: ComponentChild;
}

/** The branded order confirmation: a receipt the shopper can trust and act on. */
export function ConfirmationView({ i18n, view, config, onStatusClick, onFeel, survey }: ConfirmationProps) {
  const { order } = view;
  return (
    <>
      <Hero i18n={i18n} number={order.number} placedAt={order.placedAt} statusUrl={view.links.status} onStatusClick={onStatusClick} />
      <Delivery i18n={i18n} window={view.delivery} />
      <section class="card">
        <h3>{i18n.t("items")}</h3>
        <LineItems i18n={i18n} lines={order.lines} currency={order.currency} />
        <Totals i18n={i18n} order={order} />
      </section>
      <CheckoutFeel i18n={i18n} initial={order.checkoutFeel} onChoose={onFeel} />
      {survey}
      <Returns i18n={i18n} view={view} />
      <Support i18n={i18n} support={config?.support} />
    </>
  );
}
