import type { SupportContacts } from "../../contract/store-config.ts";
import type { I18n } from "../i18n/index.ts";
import { safeUrl } from "./safe-url.ts";

/** The store's ways to get help; nothing at all when it lists none. */
export function Support({ i18n, support }: { i18n: I18n; support?: SupportContacts }) {
  const help = safeUrl(support?.url);
  if (!support || !(support.email || support.phone || help)) return null;
  return (
    <section class="card">
      <h3>{i18n.t("help")}</h3>
      <ul class="contacts">
        {support.email && (
          <li>
            <a class="link" href={`mailto:${support.email}`}>
              {i18n.t("helpEmail", { email: support.email })}
            </a>
          </li>
        )}
        {support.phone && (
          <li>
            <a class="link" href={`tel:${support.phone.replace(/[^+\d]/g, "")}`}>
              {i18n.t("helpPhone", { phone: support.phone })}
            </a>
          </li>
        )}
        {help && (
          <li>
            <a class="link" href={help}>
              {i18n.t("helpCentre")}
            </a>
          </li>
        )}
      </ul>
      {support.hours && <p class="muted">{support.hours}</p>}
    </section>
  );
}
