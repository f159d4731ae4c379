import type { CartLine } from "../cart.ts";
import { html, type Html } from "../html.ts";
import { FREE_SHIPPING_FROM, formatMoney, markets, shippingFee } from "../pricing.ts";
import { layout, type ShopContext } from "./layout.ts";

export interface CheckoutValues {
  name: string;
  email: string;
  phone: string;
  country: string;
  discountCode: string;
}

export const emptyCheckout: CheckoutValues = { name: "", email: "", phone: "", country: "US", discountCode: "" };

const usd = (amount: number) => formatMoney(amount, "USD", "en-US");

export function cartPage(ctx: ShopContext, lines: CartLine[], values: CheckoutValues, error?: string): Html {
  const alert = error ? html`<div class="alert" role="alert"><strong>We couldn't place your order.</strong> ${error}</div>` : "";
  if (lines.length === 0) {
    return layout(ctx, {
      title: "Your cart",
      section: "cart",
      body: html`<section class="page-narrow">
  <h1>Your cart</h1>
  ${alert}
  <p class="empty-cart">Your cart is empty. Fresh trail shoes are a click away.</p>
  <a class="button-link" href="/#shop">Browse the shop</a>
</section>`,
    });
  }

  const subtotal = lines.reduce((sum, l) => sum + l.product.price * l.quantity, 0);
  const shipping = shippingFee(subtotal);
  return layout(ctx, {
    title: "Your cart",
    section: "cart",
    body: html`<section class="cart">
  <h1>Your cart</h1>
  ${alert}
  <form method="post" action="/cart/update" class="cart-lines">
    <ul>
      ${lines.map(
        ({ product, quantity }) => html`<li class="cart-line">
        <img src="${product.image}" alt="" width="80" height="80">
        <div class="cart-line__info">
          <a href="/products/${encodeURIComponent(product.sku)}">${product.name}</a>
          <span class="cart-line__price">${usd(product.price)}</span>
        </div>
        <div class="cart-line__qty">
          <label for="qty-${product.sku}" class="visually-hidden">Quantity of ${product.name}</label>
          <input id="qty-${product.sku}" name="qty:${product.sku}" type="number" inputmode="numeric" min="0" max="20" value="${quantity}">
          <button type="submit" name="remove" value="${product.sku}" class="link-button">Remove</button>
        </div>
      </li>`,
      )}
    </ul>
    <button type="submit" class="secondary-button">Update cart</button>
  </form>

  <dl class="cart-summary">
    <dt>Subtotal</dt><dd>${usd(subtotal)}</dd>
    <dt>Shipping</dt><dd>${shipping === 0 ? "Free" : usd(shipping)}</dd>
  </dl>
  <p class="fine-print">${
    shipping === 0 ? "You've unlocked free shipping." : `Add ${usd(FREE_SHIPPING_FROM - subtotal)} more for free shipping.`
  } Orders shipped to Germany are charged the same amounts in euros, VAT included.</p>

  <form method="post" action="/checkout" class="checkout" novalidate>
    <h2>Checkout</h2>
    <div class="field">
      <label for="name">Full name</label>
      <input id="name" name="name" autocomplete="name" required maxlength="100" value="${values.name}">
    </div>
    <div class="field">
      <label for="email">Email</label>
      <input id="email" name="email" type="email" autocomplete="email" required maxlength="254" value="${values.email}">
    </div>
    <div class="field">
      <label for="phone">Phone <span class="optional">(optional, for delivery updates)</span></label>
      <input id="phone" name="phone" type="tel" autocomplete="tel" maxlength="32" value="${values.phone}">
    </div>
    <div class="field">
      <label for="country">Country</label>
      <select id="country" name="country" autocomplete="country">
        ${markets.map(
          (m) =>
            html`<option value="${m.country}"${m.country === values.country ? html` selected` : ""}>${m.label} (${m.currency})</option>`,
        )}
      </select>
    </div>
    <div class="field">
      <label for="discount">Discount code</label>
      <input id="discount" name="discount" autocomplete="off" maxlength="40" placeholder="Try WELCOME10" value="${values.discountCode}">
    </div>
    <button type="submit" class="primary-button">Place order</button>
    <p class="fine-print">This is a demo shop: no payment is taken and nothing ships.</p>
  </form>
</section>`,
  });
}
