import { describe, expect, it } from "vitest";
import { offerThumbnails, thumbnail } from "../../../worker/domain/thumbnails.ts";

describe("thumbnail: a product picture at the size the widget draws it, where the host resizes on request", () => {
  it.each([
    // Shopify's CDN, as the Admin API writes product images, with and without the version parameter.
    [
      "https://cdn.shopify.com/s/files/1/0610/0020/products/sencha.jpg",
      "https://cdn.shopify.com/s/files/1/0610/0020/products/sencha.jpg?width=168",
    ],
    [
      "https://cdn.shopify.com/s/files/1/0610/0020/files/a.png?v=1683744744",
      "https://cdn.shopify.com/s/files/1/0610/0020/files/a.png?v=1683744744&width=168",
    ],
    // A shop's own domain serving its CDN (what Liquid's image_url writes).
    ["https://shop.example/cdn/shop/files/beakers.jpg?v=1", "https://shop.example/cdn/shop/files/beakers.jpg?v=1&width=168"],
    // A size already chosen stands.
    ["https://cdn.shopify.com/s/files/1/x.jpg?width=600", "https://cdn.shopify.com/s/files/1/x.jpg?width=600"],
    ["https://cdn.shopify.com/s/files/1/x.jpg?height=80", "https://cdn.shopify.com/s/files/1/x.jpg?height=80"],
    // Hosts that document no such parameter: as they came.
    ["https://shop.example/wp-content/uploads/single-1.jpg", "https://shop.example/wp-content/uploads/single-1.jpg"],
    ["https://images.example/cdn.shopify.com/x.jpg", "https://images.example/cdn.shopify.com/x.jpg"],
    ["https://cdn.shopify.com.evil.example/s/files/x.jpg", "https://cdn.shopify.com.evil.example/s/files/x.jpg"],
    ["not a url", "not a url"],
    ["", ""],
  ])("%s → %s", (url, expected) => {
    expect(thumbnail(url, 56)).toBe(expected);
  });

  it("leaves no picture as none", () => {
    expect(thumbnail(undefined, 56)).toBeUndefined();
  });

  it("sizes each offer's picture for the offer box, keeping the rest of the answer", () => {
    const answer = {
      decisionId: "d1",
      arm: "treatment",
      offers: [
        { sku: "a", name: "A", price: 100, currency: "USD", kind: "cross_sell", imageUrl: "https://cdn.shopify.com/s/files/a.jpg" },
        { sku: "b", name: "B", price: 100, currency: "USD", kind: "cross_sell" },
      ],
    };
    const sized = offerThumbnails(answer as never) as typeof answer;
    expect(sized.offers.map((o) => o.imageUrl)).toEqual(["https://cdn.shopify.com/s/files/a.jpg?width=192", undefined]);
    expect(sized.decisionId).toBe("d1");
    expect(answer.offers[0]!.imageUrl).toBe("https://cdn.shopify.com/s/files/a.jpg");
  });
});
