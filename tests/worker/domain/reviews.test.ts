/**
 * Reviews that sell, the pure rules (issue 24): the stated moderation reasons (and that a rating is
 * never one), how a reviewer is named, the aggregate, schema.org JSON-LD checked against the types and
 * properties Google's review-snippet and product documentation require, and Google's product review
 * feed (schema 2.4) checked for well-formed XML, element order, required elements and escaping.
 */
import { describe, expect, it } from "vitest";
import type { PublicReview } from "../../../contract/reviews.ts";
import { automaticDecision, moderationReasons } from "../../../worker/domain/reviews/moderation.ts";
import { reviewAuthor } from "../../../worker/domain/reviews/author.ts";
import { aggregateOf, googleReviewFeed, jsonLdText, productJsonLd, publicReview } from "../../../worker/domain/reviews/public.ts";
import { reviewSummary } from "../../../worker/domain/reviews/summary.ts";
import { xmlText } from "../../../worker/domain/reviews/xml.ts";

describe("moderation: only stated policy reasons, never the rating", () => {
  it.each([
    ["Great shoes, light and comfy.", []],
    ["Terrible. Fell apart after a week, the sole is crap.", []],
    ["Write me at sam.rivera@example.com for pics", ["personal_data"]],
    ["call me on +1 (555) 010-0199 anytime", ["personal_data"]],
    ["ring 0151 2345678", ["personal_data"]],
    ["Arrived 2026-11-20, a day early", []],
    ["Size 10.5 fits, 42 EU", []],
    ["Order 12345 arrived", []],
    ["This is fucking awful", ["offensive"]],
    ["Was für eine SCHEISSE", ["offensive"]],
    ["Quelle merde", ["offensive"]],
    ["Scunthorpe fans will love the assistant's pick; zapatos de color negro", []],
    ["Cheaper at https://cheap.example/shoes", ["link"]],
    ["visit www.bargains.biz", ["link"]],
    ["see bit.ly/xyz", ["link"]],
    ["e.g. the laces, i.e. the sole", []],
    ["buy buy buy buy buy buy now", ["spam"]],
    ["Loveeeeeeeeeeeee it", ["spam"]],
    ["Email a@b.co or visit http://x.io, you shit", ["personal_data", "offensive", "link"]],
  ])("%j → %j", (text, reasons) => {
    expect(moderationReasons(text)).toEqual(reasons);
  });

  it("title and body are checked together", () => {
    expect(moderationReasons("Contact", "me at jo@example.org")).toEqual(["personal_data"]);
    expect(moderationReasons(undefined, null)).toEqual([]);
  });

  it("a one-star review without such words is published exactly like a five-star one", () => {
    for (const rating of [1, 2, 3, 4, 5]) {
      expect(automaticDecision({ title: "Honest", body: "Did not fit me at all." })).toEqual({ status: "published" });
      expect(rating).toBeGreaterThan(0); // the decision takes no rating at all: it cannot depend on one
    }
    expect(automaticDecision.length).toBe(1);
    expect(automaticDecision({ body: "see www.example.com" })).toEqual({ status: "pending", reason: "link" });
  });
});

describe("how a reviewer is named", () => {
  it.each([
    ["name", "Sam", "Rivera", "Sam R.", "name"],
    ["name", "  Sam  Alex ", "rivera", "Sam R.", "name"],
    ["name", "Zoë", "Ødegaard", "Zoë Ø.", "name"],
    ["name", "Sam", null, "Sam", "name"],
    ["name", null, "Rivera", "Verified buyer", "verified_buyer"],
    ["name", null, null, "Verified buyer", "verified_buyer"],
    ["anonymous", "Sam", "Rivera", "Anonymous", "anonymous"],
  ] as const)("%s, %j %j → %j", (choice, first, last, author, kind) => {
    expect(reviewAuthor(choice, first, last)).toEqual({ author, authorKind: kind });
  });
});

describe("the aggregate", () => {
  it("counts per star and averages to one decimal; null without reviews", () => {
    expect(aggregateOf({ 5: 3, 1: 1 })).toEqual({ count: 4, average: 4, histogram: { "1": 1, "2": 0, "3": 0, "4": 0, "5": 3 } });
    expect(aggregateOf({ 4: 2, 5: 1 })).toEqual({ count: 3, average: 4.3, histogram: { "1": 0, "2": 0, "3": 0, "4": 2, "5": 1 } });
    expect(aggregateOf({})).toEqual({ count: 0, average: null, histogram: { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 } });
  });

  it("the published share per star, five to one, with the held reviews per reason", () => {
    const summary = reviewSummary([
      { rating: 1, status: "published", reason: null, n: 4 },
      { rating: 1, status: "pending", reason: "link", n: 1 },
      { rating: 5, status: "published", reason: null, n: 9 },
      { rating: 5, status: "rejected", reason: "personal_data", n: 1 },
    ]);
    expect(summary.stars.map((s) => [s.rating, s.total, s.published, s.publishedShare])).toEqual([
      [5, 10, 9, 0.9],
      [4, 0, 0, null],
      [3, 0, 0, null],
      [2, 0, 0, null],
      [1, 5, 4, 0.8],
    ]);
    expect(summary.byReason).toEqual({
      personal_data: { pending: 0, rejected: 1 },
      offensive: { pending: 0, rejected: 0 },
      link: { pending: 1, rejected: 0 },
      spam: { pending: 0, rejected: 0 },
    });
  });
});

const ORIGIN = "https://doorstep.test";
const stored = (over: Partial<Parameters<typeof publicReview>[0]> = {}) =>
  publicReview(
    {
      id: "rv_0123456789abcdef0123",
      rating: 4,
      title: "Light",
      body: "Ran 20 km in them.",
      authorChoice: "name",
      firstName: "Sam",
      lastName: "Rivera",
      createdAt: "2026-11-28T10:00:00.000Z",
      replyBody: null,
      replyCreatedAt: null,
      replyUpdatedAt: null,
      photos: [{ key: "ph_abcdefghijklmnopqrstuvwx.jpg", width: 8, height: 6 }],
      ...over,
    },
    ORIGIN,
  );

describe("a review as the public reads it", () => {
  it("signed as the shopper chose, verified, photos as URLs on the worker, the reply", () => {
    expect(stored({ replyBody: "Thanks!", replyCreatedAt: "2026-11-29T00:00:00.000Z" })).toEqual({
      id: "rv_0123456789abcdef0123",
      rating: 4,
      title: "Light",
      body: "Ran 20 km in them.",
      author: "Sam R.",
      authorKind: "name",
      createdAt: "2026-11-28T10:00:00.000Z",
      verifiedBuyer: true,
      photos: [{ url: `${ORIGIN}/v1/photos/ph_abcdefghijklmnopqrstuvwx.jpg`, width: 8, height: 6 }],
      reply: { body: "Thanks!", createdAt: "2026-11-29T00:00:00.000Z" },
    });
  });
});

// ---------------------------------------------------------------------------------------------------
// JSON-LD against schema.org's types, as Google's Review snippet and Product documentation use them

/** Properties schema.org defines on each type this JSON-LD uses (the subset that matters here). */
const SCHEMA_ORG: Record<string, { properties: string[]; required: string[] }> = {
  // Google, Product snippets: `name` required, and one of review, aggregateRating or offers.
  Product: {
    properties: ["name", "sku", "image", "url", "brand", "gtin", "mpn", "aggregateRating", "review", "offers", "description"],
    required: ["name"],
  },
  // Google, Review snippets: AggregateRating needs ratingValue and ratingCount or reviewCount.
  AggregateRating: {
    properties: ["ratingValue", "reviewCount", "ratingCount", "bestRating", "worstRating"],
    required: ["ratingValue", "reviewCount"],
  },
  // Review: author and reviewRating are required; datePublished an ISO 8601 date.
  Review: {
    properties: ["reviewRating", "author", "datePublished", "reviewBody", "name", "itemReviewed"],
    required: ["author", "reviewRating"],
  },
  Rating: { properties: ["ratingValue", "bestRating", "worstRating"], required: ["ratingValue"] },
  Person: { properties: ["name"], required: ["name"] },
  Brand: { properties: ["name"], required: ["name"] },
};

function validateNode(node: unknown, path: string, problems: string[]) {
  if (Array.isArray(node)) {
    for (const [i, n] of node.entries()) validateNode(n, `${path}[${i}]`, problems);
    return;
  }
  if (!node || typeof node !== "object") return;
  const object = node as Record<string, unknown>;
  const type = object["@type"];
  if (typeof type !== "string") return problems.push(`${path}: no @type`);
  const schema = SCHEMA_ORG[type];
  if (!schema) return problems.push(`${path}: unknown type ${type}`);
  for (const key of Object.keys(object)) {
    if (key.startsWith("@")) continue;
    if (!schema.properties.includes(key)) problems.push(`${path}: ${type} has no property ${key}`);
    validateNode(object[key], `${path}.${key}`, problems);
  }
  for (const key of schema.required) if (object[key] === undefined || object[key] === "") problems.push(`${path}: ${type} needs ${key}`);
  if (type === "Product" && !["review", "aggregateRating", "offers"].some((k) => object[k] !== undefined)) {
    problems.push(`${path}: Product needs review, aggregateRating or offers for a rich result`);
  }
  if (type === "Rating" || type === "AggregateRating") {
    const { ratingValue, bestRating = 5, worstRating = 1 } = object as Record<string, number>;
    if (typeof ratingValue !== "number" || ratingValue < worstRating || ratingValue > bestRating)
      problems.push(`${path}: ratingValue out of range`);
  }
  if (type === "AggregateRating" && !(Number.isInteger(object.reviewCount) && (object.reviewCount as number) > 0)) {
    problems.push(`${path}: reviewCount must be a positive integer`);
  }
  if (type === "Review" && !/^\d{4}-\d{2}-\d{2}$/.test(String(object.datePublished))) problems.push(`${path}: datePublished not a date`);
  if (type === "Person" && !(typeof object.name === "string" && object.name.length > 0 && object.name.length < 100)) {
    problems.push(`${path}: author name must be a name under 100 characters`);
  }
}

const jsonLdProblems = (doc: Record<string, unknown>) => {
  const problems: string[] = [];
  if (doc["@context"] !== "https://schema.org") problems.push("@context is not https://schema.org");
  validateNode(doc, "$", problems);
  return problems;
};

describe("schema.org Product JSON-LD", () => {
  const product = {
    sku: "TRAIL-1",
    name: "Trail Runner",
    url: "https://shop.example/p/trail",
    imageUrl: "https://shop.example/t.jpg",
    brand: "Acme",
    gtin: "00012345678905",
    mpn: "TR-1",
  };
  const reviews: PublicReview[] = [
    stored(),
    stored({ id: "rv_x", rating: 1, authorChoice: "anonymous", title: null, body: "Too narrow." }),
  ];

  it("carries the product, its aggregate and its reviews, valid by the types' definitions", () => {
    const doc = productJsonLd(product, aggregateOf({ 4: 1, 1: 1 }), reviews);
    expect(jsonLdProblems(doc)).toEqual([]);
    expect(doc).toMatchObject({
      "@type": "Product",
      name: "Trail Runner",
      sku: "TRAIL-1",
      image: product.imageUrl,
      brand: { "@type": "Brand", name: "Acme" },
      gtin: product.gtin,
      mpn: "TR-1",
      aggregateRating: { "@type": "AggregateRating", ratingValue: 2.5, reviewCount: 2, bestRating: 5, worstRating: 1 },
      review: [
        {
          "@type": "Review",
          reviewRating: { "@type": "Rating", ratingValue: 4, bestRating: 5, worstRating: 1 },
          author: { "@type": "Person", name: "Sam R." },
          datePublished: "2026-11-28",
          name: "Light",
          reviewBody: "Ran 20 km in them.",
        },
        { author: { "@type": "Person", name: "Anonymous" }, reviewBody: "Too narrow." },
      ],
    });
  });

  it("has no aggregateRating and no review without published reviews (and says it is no rich result)", () => {
    const doc = productJsonLd({ sku: "X", name: "X" }, aggregateOf({}), []);
    expect(doc).toEqual({ "@context": "https://schema.org", "@type": "Product", name: "X", sku: "X" });
    expect(jsonLdProblems(doc)).toEqual(["$: Product needs review, aggregateRating or offers for a rich result"]);
  });

  it("is safe to paste inside <script type=application/ld+json>", () => {
    const doc = productJsonLd(product, aggregateOf({ 4: 1 }), [stored({ body: "</script><script>alert(1)</script> & <!--" })]);
    const text = jsonLdText(doc);
    expect(text).not.toMatch(/[<>&]/);
    expect(JSON.parse(text)).toEqual(doc);
  });
});

// ---------------------------------------------------------------------------------------------------
// The Google product review feed

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** A strict little XML parser: elements, attributes, text, the five entities and numeric references. Throws on anything malformed. */
function parseXml(xml: string): XmlElement {
  let at = 0;
  const fail = (why: string): never => {
    throw new Error(`${why} at ${at}: ${JSON.stringify(xml.slice(at, at + 40))}`);
  };
  const decode = (text: string) => {
    if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(text)) fail("a bare &");
    if (/</.test(text)) fail("a bare <");
    return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) =>
      e[0] === "#"
        ? String.fromCodePoint(e[1] === "x" ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)))
        : ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" } as Record<string, string>)[e]!,
    );
  };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these; the feed must not hold one.
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(xml)) fail("a character XML 1.0 does not allow");
  const decl = /^<\?xml version="1\.0" encoding="UTF-8"\?>\s*/.exec(xml);
  if (!decl) fail("no XML declaration");
  at = decl![0].length;
  const element = (): XmlElement => {
    const open = /^<([A-Za-z_][\w.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/.exec(xml.slice(at));
    if (!open) fail("expected an element");
    at += open![0].length;
    const attributes: Record<string, string> = {};
    for (const m of open![2]!.matchAll(/([\w:.-]+)="([^"]*)"/g)) attributes[m[1]!] = decode(m[2]!);
    const node: XmlElement = { name: open![1]!, attributes, children: [], text: "" };
    if (open![3]) return node;
    for (;;) {
      const close = `</${node.name}>`;
      if (xml.startsWith(close, at)) {
        at += close.length;
        return node;
      }
      if (xml.startsWith("</", at)) fail(`expected ${close}`);
      if (xml[at] === "<") node.children.push(element());
      else {
        const end = xml.indexOf("<", at);
        if (end < 0) fail("unclosed element");
        node.text += decode(xml.slice(at, end));
        at = end;
      }
    }
  };
  const root = element();
  if (xml.slice(at).trim()) fail("content after the root element");
  return root;
}

/**
 * Google's product review feed, schema 2.4, as its reference documents each element: the children in
 * their order, each with how often it may occur (1: required once; "?": optional; "*"/"+": repeated),
 * and the text of leaves. Only the elements this feed writes are listed; anything else fails.
 */
type Rule = { children?: [string, "1" | "?" | "*" | "+"][]; attributes?: Record<string, RegExp>; text?: RegExp };
const FEED_SCHEMA: Record<string, Rule> = {
  feed: {
    children: [
      ["version", "1"],
      ["aggregator", "?"],
      ["publisher", "1"],
      ["reviews", "?"],
    ],
  },
  version: { text: /^2\.4$/ },
  publisher: {
    children: [
      ["name", "1"],
      ["favicon", "?"],
    ],
  },
  reviews: { children: [["review", "*"]] },
  review: {
    children: [
      ["review_id", "1"],
      ["reviewer", "1"],
      ["review_timestamp", "1"],
      ["title", "?"],
      ["content", "1"],
      ["pros", "?"],
      ["cons", "?"],
      ["review_url", "1"],
      ["reviewer_images", "?"],
      ["ratings", "1"],
      ["products", "1"],
      ["is_spam", "?"],
      ["collection_method", "?"],
    ],
  },
  review_id: { text: /^\S+$/ },
  reviewer: {
    children: [
      ["name", "1"],
      ["reviewer_id", "?"],
    ],
  },
  name: { text: /\S/, attributes: { is_anonymous: /^(true|false)$/ } },
  review_timestamp: { text: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/ },
  title: { text: /\S/ },
  content: { text: /\S/ },
  review_url: { text: /^https?:\/\/\S+$/, attributes: { type: /^(singleton|group)$/ } },
  reviewer_images: { children: [["reviewer_image", "+"]] },
  reviewer_image: { children: [["url", "1"]] },
  url: { text: /^https?:\/\/\S+$/ },
  ratings: { children: [["overall", "1"]] },
  overall: { text: /^[1-5]$/, attributes: { min: /^1$/, max: /^5$/ } },
  products: { children: [["product", "+"]] },
  product: {
    children: [
      ["product_ids", "?"],
      ["product_name", "?"],
      ["product_url", "1"],
    ],
  },
  product_ids: {
    children: [
      ["gtins", "?"],
      ["mpns", "?"],
      ["skus", "?"],
      ["brands", "?"],
      ["asins", "?"],
    ],
  },
  gtins: { children: [["gtin", "+"]] },
  mpns: { children: [["mpn", "+"]] },
  skus: { children: [["sku", "+"]] },
  brands: { children: [["brand", "+"]] },
  gtin: { text: /^\d{8,14}$/ },
  mpn: { text: /\S/ },
  sku: { text: /\S/ },
  brand: { text: /\S/ },
  product_name: { text: /\S/ },
  product_url: { text: /^https?:\/\/\S+$/ },
  is_spam: { text: /^(true|false)$/ },
  collection_method: { text: /^(unsolicited|post_fulfillment)$/ },
};

function validateFeedElement(node: XmlElement, problems: string[], path = node.name) {
  const rule = FEED_SCHEMA[node.name];
  if (!rule) return problems.push(`${path}: unknown element`);
  for (const [key, value] of Object.entries(node.attributes)) {
    if (path === "feed") continue; // namespace declarations and the schema location
    if (!rule.attributes?.[key]?.test(value)) problems.push(`${path}: attribute ${key}="${value}"`);
  }
  if (rule.text && !rule.text.test(node.text)) problems.push(`${path}: text ${JSON.stringify(node.text)}`);
  if (!rule.children) return;
  let i = 0;
  for (const [name, occurs] of rule.children) {
    let n = 0;
    while (node.children[i]?.name === name) {
      validateFeedElement(node.children[i]!, problems, `${path}/${name}`);
      i++;
      n++;
    }
    if ((occurs === "1" || occurs === "+") && n === 0) problems.push(`${path}: missing ${name}`);
    if ((occurs === "1" || occurs === "?") && n > 1) problems.push(`${path}: ${name} more than once`);
  }
  if (i < node.children.length) problems.push(`${path}: ${node.children[i]!.name} out of order or not allowed`);
}

describe("Google's product review feed (schema 2.4)", () => {
  const product = {
    sku: "TRAIL-1",
    name: "Trail Runner & Co <x>",
    url: "https://shop.example/p/trail?a=1&b=2",
    brand: "Acme",
    gtin: "00012345678905",
    mpn: "TR-1",
  };
  const hostile = `</content><script>alert("x")</script> & 'quotes' \u0001\u0008 bell, lone \uD800 surrogate, 😀`;
  const feed = googleReviewFeed({ name: "Acme Outdoor & Sons" }, [
    { review: stored({ title: hostile, body: hostile }), product },
    {
      review: stored({ id: "rv_anon", authorChoice: "anonymous", title: "Only a title", body: null, photos: [] }),
      product: { sku: "SOCK-3", name: "Socks", url: "https://shop.example/p/socks" },
    },
    { review: stored({ id: "rv_silent", title: null, body: null }), product },
  ]);

  it("is well-formed XML valid by the schema's structure: order, required elements, attributes", () => {
    const root = parseXml(feed);
    expect(root.name).toBe("feed");
    expect(root.attributes["xsi:noNamespaceSchemaLocation"]).toBe(
      "http://www.google.com/shopping/reviews/schema/product/2.4/product_reviews.xsd",
    );
    const problems: string[] = [];
    validateFeedElement(root, problems);
    expect(problems).toEqual([]);
  });

  it("carries the review, product ids, photos and the order-verified collection method; a review without words is left out", () => {
    const reviews = parseXml(feed).children.find((c) => c.name === "reviews")!.children;
    expect(reviews.map((r) => r.children[0]!.text)).toEqual(["rv_0123456789abcdef0123", "rv_anon"]);
    const text = (r: XmlElement, name: string) => r.children.find((c) => c.name === name);
    const [first, anon] = reviews as [XmlElement, XmlElement];
    expect(text(first, "review_url")).toMatchObject({ text: product.url, attributes: { type: "group" } });
    expect(text(first, "reviewer")!.children[0]).toMatchObject({ text: "Sam R.", attributes: {} });
    expect(text(anon, "reviewer")!.children[0]).toMatchObject({ text: "Anonymous", attributes: { is_anonymous: "true" } });
    expect(text(anon, "title")).toBeUndefined();
    expect(text(anon, "content")!.text).toBe("Only a title");
    const ids = text(first, "products")!.children[0]!.children[0]!;
    expect(ids.children.map((c) => [c.name, c.children[0]!.text])).toEqual([
      ["gtins", "00012345678905"],
      ["mpns", "TR-1"],
      ["skus", "TRAIL-1"],
      ["brands", "Acme"],
    ]);
    expect(text(anon, "products")!.children[0]!.children[0]!.children.map((c) => c.name)).toEqual(["skus"]);
    expect(text(first, "reviewer_images")!.children[0]!.children[0]!.text).toBe(`${ORIGIN}/v1/photos/ph_abcdefghijklmnopqrstuvwx.jpg`);
    expect(text(first, "is_spam")!.text).toBe("false");
    expect(text(first, "collection_method")!.text).toBe("post_fulfillment");
  });

  it("escapes markup and drops what XML cannot carry, keeping the rest of the words", () => {
    const content = parseXml(feed)
      .children.find((c) => c.name === "reviews")!
      .children[0]!.children.find((c) => c.name === "content")!;
    expect(content.text).toBe(`</content><script>alert("x")</script> & 'quotes'  bell, lone  surrogate, 😀`);
    expect(xmlText(`a<b>&"'`)).toBe("a&lt;b&gt;&amp;&quot;&apos;");
  });

  it("an empty store still answers a valid feed", () => {
    const root = parseXml(googleReviewFeed({ name: "Empty" }, []));
    const problems: string[] = [];
    validateFeedElement(root, problems);
    expect(problems).toEqual([]);
  });
});
