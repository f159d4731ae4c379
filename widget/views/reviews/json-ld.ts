/**
 * The product's schema.org JSON-LD (`GET …/products/{sku}/reviews.jsonld`) in the host page's own
 * `<head>`, where search engines that render pages read it (a shadow root is not in the light DOM):
 * one `<script type="application/ld+json" data-doorstep-jsonld="SKU">` per product, replaced whenever
 * the view draws again, placed only while the product has published reviews, taken out with the view.
 */

/** The document as the worker wrote it, or nothing (no such product, offline, not JSON). */
export async function fetchJsonLd(api: string, storeId: string, sku: string): Promise<string | undefined> {
  try {
    const res = await fetch(`${api}/v1/stores/${encodeURIComponent(storeId)}/products/${encodeURIComponent(sku)}/reviews.jsonld`, {
      credentials: "omit",
    });
    if (!res.ok) return;
    const text = await res.text();
    JSON.parse(text);
    // The worker already writes `<` as \u003c; kept so here too, so no review's words can ever close
    // the script element when the page is serialised (a prerender, a saved page). In JSON a `<` can
    // only be inside a string, where \u003c means the same.
    return text.replace(/</g, "\\u003c");
  } catch {
    return;
  }
}

/** Puts `text` in `document.head` as the product's one JSON-LD script; answers what takes it out again. */
export function placeJsonLd(sku: string, text: string): () => void {
  for (const old of document.head.querySelectorAll("script[data-doorstep-jsonld]")) {
    if (old.getAttribute("data-doorstep-jsonld") === sku) old.remove();
  }
  const script = document.createElement("script");
  script.type = "application/ld+json";
  script.setAttribute("data-doorstep-jsonld", sku);
  script.textContent = text;
  document.head.appendChild(script);
  return () => script.remove();
}
