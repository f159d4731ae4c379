import type { OrderView } from "../../../contract/order-view.ts";
import type { I18n } from "../../i18n/index.ts";
import { money as format } from "../../i18n/format.ts";

/** Subtotal, every fee, every discount (as a negative amount) and the total, as a description list. */
export function Totals({ i18n, order }: { i18n: I18n; order: OrderView["order"] }) {
  const money = (minor: number) => format(i18n, minor, order.currency);
  const rows: [string, string, string?][] = [
    [i18n.t("subtotal"), money(order.subtotal)],
    // A zero fee (free shipping) reads better as a word than as "$0.00".
    ...order.fees.map((fee): [string, string] => [fee.label, fee.amount === 0 ? i18n.t("free") : money(fee.amount)]),
    ...order.discounts.map((d): [string, string, string] => [d.label, money(-Math.abs(d.amount)), "discount"]),
  ];
  return (
    <dl class="totals">
      {rows.map(([label, amount, kind], index) => (
        <div class={kind} key={index}>
          <dt>{label}</dt>
          <dd>{amount}</dd>
        </div>
      ))}
      <div class="grand">
        <dt>{i18n.t("total")}</dt>
        <dd>{money(order.total)}</dd>
      </div>
    </dl>
  );
}
