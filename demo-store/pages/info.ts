import { html, type Html } from "../html.ts";
import { layout, type ShopContext } from "./layout.ts";

/**
 * The merchant's own thank-you page. The snippet in <head> finds the slot and reads the order token
 * from `?order=`; the slot's reserved height lives in store.css, keeping the page free of inline style.
 */
export function thankYouPage(ctx: ShopContext): Html {
  return layout(ctx, {
    title: "Thank you for your order",
    body: html`<section class="page-narrow thank-you">
  <p class="eyebrow">Order confirmed</p>
  <h1>Thank you!</h1>
  <p>We're packing your order now. The details are below, and a copy is on its way to your inbox.</p>
  <div data-doorstep="confirmation" class="doorstep-slot"></div>
  <p><a class="button-link" href="/">Continue shopping</a></p>
</section>`,
  });
}

export function orderStatusPage(ctx: ShopContext): Html {
  return layout(ctx, {
    title: "Order status",
    body: html`<section class="page-narrow">
  <p class="eyebrow">Your order</p>
  <h1>Order status</h1>
  <p>Where your parcels are, and when to expect them. Questions? <a href="/help">We're happy to help.</a></p>
  <!-- Live tracking with ?order=TOKEN; without it, Doorstep shows a lookup form (order number + email). -->
  <div data-doorstep="tracking" class="doorstep-slot"></div>
  <p><a class="button-link" href="/">Back to the shop</a></p>
</section>`,
  });
}

/** Where the "How did we do?" email links: the survey, then reviews (`?order=TOKEN`). */
export function feedbackPage(ctx: ShopContext): Html {
  return layout(ctx, {
    title: "How did we do?",
    body: html`<section class="page-narrow">
  <p class="eyebrow">Your order</p>
  <h1>How did we do?</h1>
  <p>Three quick questions, then a word on what you bought if you like.</p>
  <div data-doorstep="survey" class="doorstep-slot"></div>
</section>`,
  });
}

export function returnsPage(ctx: ShopContext): Html {
  return layout(ctx, {
    title: "Returns & exchanges",
    section: "returns",
    body: html`<section class="page-narrow prose">
  <h1>Returns &amp; exchanges</h1>
  <p>Not the right fit? Unworn gear can be returned within <strong>30 days of delivery</strong> for a full refund to your original payment method.</p>
  <h2>How it works</h2>
  <ol>
    <li>Email <a href="mailto:help@northwind-outfitters.example">help@northwind-outfitters.example</a> with your order number.</li>
    <li>We send you a prepaid return label within one business day.</li>
    <li>Drop the parcel off; your refund is issued within 5 business days of it reaching us.</li>
  </ol>
  <h2>Exchanges</h2>
  <p>Need another size? Say so in your email and we'll ship the new pair as soon as your return is scanned.</p>
  <h2>The fine print</h2>
  <p>Shoes must be worn indoors only, with tags attached. Socks can't be returned once opened, for hygiene reasons.</p>
</section>`,
  });
}

export function helpPage(ctx: ShopContext): Html {
  return layout(ctx, {
    title: "Help & contact",
    section: "help",
    body: html`<section class="page-narrow prose">
  <h1>Help &amp; contact</h1>
  <p>Runners answer our phones and inbox, Monday to Friday, 8am–6pm Pacific.</p>
  <ul class="contact-list">
    <li><strong>Email</strong> <a href="mailto:help@northwind-outfitters.example">help@northwind-outfitters.example</a></li>
    <li><strong>Phone</strong> <a href="tel:+15035550142">+1 (503) 555-0142</a></li>
  </ul>
  <h2>Where is my order?</h2>
  <p>Follow the link in your confirmation email, or see our <a href="/orders/status">order status page</a>.</p>
  <h2>Returns</h2>
  <p>30 days, free return label. <a href="/returns">Read the returns policy</a>.</p>
</section>`,
  });
}

export function notFoundPage(ctx: ShopContext): Html {
  return layout(ctx, {
    title: "Page not found",
    body: html`<section class="page-narrow">
  <h1>Off the trail</h1>
  <p>We couldn't find that page. It may have moved, or the link may be mistyped.</p>
  <p><a class="button-link" href="/">Back to the shop</a></p>
</section>`,
  });
}

export function errorPage(ctx: ShopContext, title: string, message: string): Html {
  return layout(ctx, {
    title,
    body: html`<section class="page-narrow">
  <h1>${title}</h1>
  <p>${message}</p>
  <p><a class="button-link" href="/">Back to the shop</a></p>
</section>`,
  });
}
