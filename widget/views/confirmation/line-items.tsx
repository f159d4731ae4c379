import type { OrderLineView } from "../../../contract/order-view.ts";
import type { I18n } from "../../i18n/index.ts";
import { money } from "../../i18n/format.ts";
import { safeUrl } from "../../ui/safe-url.ts";

/** The ordered items. Images load lazily and carry their size, so nothing shifts when they arrive. */
export function LineItems({ i18n, lines, currency }: { i18n: I18n; lines: OrderLineView[]; currency: string }) {
  return (
    <ul class="lines">
      {lines.map((line, index) => {
        const image = safeUrl(line.imageUrl);
        const link = safeUrl(line.url);
        return (
          <li key={`${line.sku}:${index}`}>
            {image ? (
              <img src={image} alt="" width={56} height={56} loading="lazy" decoding="async" />
            ) : (
              <span class="thumb" aria-hidden="true">
                {line.name.charAt(0)}
              </span>
            )}
            <span class="line-text">
              <span class="line-name">{link ? <a href={link}>{line.name}</a> : line.name}</span>
              <span class="muted">{i18n.t("quantity", { count: line.quantity })}</span>
            </span>
            <span class="amount">{money(i18n, line.lineTotal, currency)}</span>
          </li>
        );
      })}
    </ul>
  );
}
