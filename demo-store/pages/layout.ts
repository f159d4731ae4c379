import { RENDER_WAIT_LINE, scriptTag } from "../../contract/install.ts";
import { html, raw, type Html } from "../html.ts";

/** What every page needs to paste Doorstep's snippet, as a merchant's theme would. */
export interface ShopContext {
  workerOrigin: string;
  storeId: string;
  cartCount: number;
}

export interface PageOptions {
  title: string;
  description?: string;
  body: Html;
  /** Lets the header mark where the shopper is. */
  section?: "shop" | "cart" | "returns" | "help";
}

export function layout(ctx: ShopContext, page: PageOptions): Html {
  // Only on pages that show a view, as the README advises: the tag holds the page's first paint (the
  // line after it limits that to 3 s).
  const doorstep = page.body.value.includes("data-doorstep=")
    ? html`${raw(scriptTag(ctx.workerOrigin, ctx.storeId))}
${raw(RENDER_WAIT_LINE)}`
    : "";
  const nav = (href: string, label: string, section: PageOptions["section"]) =>
    html`<a href="${href}"${page.section === section ? html` aria-current="page"` : ""}>${label}</a>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · Northwind Outfitters</title>
<meta name="description" content="${page.description ?? "Trail and running gear, tested on the long way round."}">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/store.css">
${doorstep}
</head>
<body>
<p class="announcement">Free shipping over $75 · 30-day returns</p>
<header class="site-header">
  <div class="site-header__inner">
    <a href="/" class="brand"><img src="/img/logo.svg" alt="Northwind Outfitters" width="176" height="38"></a>
    <nav class="site-nav" aria-label="Main">
      ${nav("/#shop", "Shop", "shop")}
      ${nav("/returns", "Returns", "returns")}
      ${nav("/help", "Help", "help")}
      <a href="/cart" class="cart-link"${page.section === "cart" ? html` aria-current="page"` : ""}>Cart <span class="cart-count">${ctx.cartCount}</span></a>
    </nav>
  </div>
</header>
<main class="site-main">
${page.body}
</main>
<footer class="site-footer">
  <div class="site-footer__inner">
    <section>
      <h2>Northwind Outfitters</h2>
      <p>Trail and running gear from a small team in Portland, Oregon. Tested on muddy Tuesdays.</p>
    </section>
    <section>
      <h2>Help</h2>
      <ul>
        <li><a href="/returns">Returns &amp; exchanges</a></li>
        <li><a href="/help">Contact us</a></li>
        <li><a href="/orders/status">Order status</a></li>
      </ul>
    </section>
    <section>
      <h2>Shop</h2>
      <ul>
        <li><a href="/products/ridgeline-trail-runner">Trail shoes</a></li>
        <li><a href="/products/switchback-run-vest">Packs &amp; vests</a></li>
        <li><a href="/products/trail-sock-3pack">Socks</a></li>
      </ul>
    </section>
  </div>
  <p class="site-footer__legal">© Northwind Outfitters, a Doorstep demo shop. Nothing here is for sale.</p>
</footer>
</body>
</html>
`;
}
