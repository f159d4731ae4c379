import type { ComponentChildren } from "preact";
import type { StorePublicConfig } from "../../contract/store-config.ts";
import { safeUrl } from "./safe-url.ts";

/** The branded shell of every view: the store's logo (or name) above the view's content. */
export function Frame({ config, children }: { config?: Pick<StorePublicConfig, "name" | "branding">; children: ComponentChildren }) {
  const logo = safeUrl(config?.branding.logoUrl);
  return (
    <div class="ds">
      {config && (
        <header class="brand">
          {logo ? <img src={logo} alt={config.name} height={36} /> : <span class="brand-name">{config.name}</span>}
        </header>
      )}
      {children}
    </div>
  );
}
