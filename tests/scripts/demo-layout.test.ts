/**
 * The demo shop pastes Doorstep's tag as the README advises: in `<head>`, with `blocking="render"`, and
 * only on pages that show a view (the tag holds a page's first paint until doorstep.js has run).
 */
import { describe, expect, it } from "vitest";
import { html } from "../../demo-store/html.ts";
import { layout } from "../../demo-store/pages/layout.ts";

const ctx = { workerOrigin: "http://127.0.0.1:8787", storeId: "demo", cartCount: 0 };
const head = (page: string) => page.slice(0, page.indexOf("</head>"));

describe("the demo shop's layout", () => {
  it("puts the README's tag in the head of a page with a view", () => {
    const page = layout(ctx, { title: "Order status", body: html`<div data-doorstep="tracking"></div>` }).value;
    expect(head(page)).toContain('<script async blocking="render" src="http://127.0.0.1:8787/doorstep.js" data-store="demo"></script>');
    expect(page.match(/doorstep\.js/g)).toHaveLength(1);
  });

  it("leaves it out of a page without one", () => {
    const page = layout(ctx, { title: "Help", body: html`<p>Write to us.</p>` }).value;
    expect(page).not.toContain("doorstep.js");
  });
});
