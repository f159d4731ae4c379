import type { ComponentChildren } from "preact";
import type { ConfirmationOrderView } from "../../contract/order-view.ts";
import type { I18n } from "../i18n/index.ts";
import { date, plural } from "../i18n/format.ts";
import { safeUrl } from "./safe-url.ts";

/** The return window (a date once delivery is known, else days after delivery) and how to start one. */
export function Returns({
  i18n,
  view,
  children,
}: {
  i18n: I18n;
  view: Pick<ConfirmationOrderView, "returns" | "links">;
  children?: ComponentChildren;
}) {
  const { days, until, summary } = view.returns;
  const href = safeUrl(view.returns.url ?? view.links.returns);
  const window =
    days <= 0
      ? i18n.t("returnsNone")
      : until
        ? i18n.t("returnsUntil", { date: date(i18n, until) })
        : i18n.t(plural(i18n, days) === "one" ? "returnsDaysOne" : "returnsDaysOther", { count: days });
  return (
    <section class="card">
      <h3>{i18n.t("returns")}</h3>
      <p>{window}</p>
      {summary && <p class="muted">{summary}</p>}
      {days > 0 && href && (
        <a class="link" href={href}>
          {i18n.t("returnsStart")}
          <span aria-hidden="true">→</span>
        </a>
      )}
      {days > 0 && children}
    </section>
  );
}
