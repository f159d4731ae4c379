import { catalog, type Product } from "../catalog.ts";
import { html, type Html } from "../html.ts";
import { formatMoney } from "../pricing.ts";
import { layout, type ShopContext } from "./layout.ts";

const usd = (amount: number) => formatMoney(amount, "USD", "en-US");

function productCard(product: Product): Html {
  return html`<li class="product-card">
    <a href="/products/${encodeURIComponent(product.sku)}">
      <img src="${product.image}" alt="" width="400" height="400" loading="lazy">
      <h3>${product.name}</h3>
      <p class="price">${usd(product.price)}</p>
    </a>
  </li>`;
}

export function homePage(ctx: ShopContext): Html {
  return layout(ctx, {
    title: "Trail & running gear",
    section: "shop",
    body: html`
<section class="hero">
  <div class="hero__text">
    <p class="eyebrow">Autumn collection</p>
    <h1>Gear for the long way round</h1>
    <p>Shoes, shells and packs we run in ourselves — built to last a few thousand miles of trail.</p>
    <a class="button-link" href="#shop">Shop the collection</a>
  </div>
</section>
<section id="shop" class="shop-section" aria-labelledby="shop-title">
  <h2 id="shop-title">Bestsellers</h2>
  <ul class="product-grid">
    ${catalog.map(productCard)}
  </ul>
</section>
<section class="promises" aria-label="Our promises">
  <div><h3>Free shipping</h3><p>On every order over $75 / 75&nbsp;€.</p></div>
  <div><h3>30-day returns</h3><p>Unworn and not loving it? Send it back, on us.</p></div>
  <div><h3>Real humans</h3><p>Runners answer the phone, weekdays 8–6 Pacific.</p></div>
</section>`,
  });
}

export function productPage(ctx: ShopContext, product: Product): Html {
  const related = catalog.filter((p) => p.sku !== product.sku && p.family !== product.family).slice(0, 3);
  return layout(ctx, {
    title: product.name,
    description: product.description,
    section: "shop",
    body: html`
<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/">Home</a> / <span>${product.name}</span></nav>
<article class="product">
  <img class="product__image" src="${product.image}" alt="${product.name}" width="400" height="400">
  <div class="product__info">
    <p class="eyebrow">${product.family}</p>
    <h1>${product.name}</h1>
    <p class="product__price">${usd(product.price)}</p>
    <p>${product.description}</p>
    <form method="post" action="/cart/add" class="add-to-cart">
      <input type="hidden" name="sku" value="${product.sku}">
      <label for="quantity">Quantity</label>
      <select id="quantity" name="quantity">
        ${[1, 2, 3, 4, 5].map((n) => html`<option value="${n}">${n}</option>`)}
      </select>
      <button type="submit">Add to cart</button>
    </form>
    <ul class="product__perks">
      <li>Ships in 1 business day</li>
      <li>Free shipping over $75 / 75&nbsp;€</li>
      <li>30-day returns, return label included</li>
    </ul>
  </div>
</article>
<!-- Doorstep's reviews of this product, from verified buyers; it also puts the product's JSON-LD in <head>. -->
<div data-doorstep="reviews" data-sku="${product.sku}" class="doorstep-slot doorstep-slot--reviews"></div>
<section class="shop-section" aria-labelledby="related-title">
  <h2 id="related-title">Pairs well with</h2>
  <ul class="product-grid product-grid--compact">
    ${related.map(productCard)}
  </ul>
</section>`,
  });
}
