/**
 * The demo shop pastes Doorstep's tag as the README advises: in `<head>`, with `blocking="render"`, and
 * only on pages that show a view (the tag holds a page's first paint until doorstep.js has run), the
 * line that limits that wait right after it. The README, the contract and the benchmark's pages give
 * that line exactly as the demo pastes it, and the CSP hash the README gives is the line's.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { html } from "../../demo-store/html.ts";
import { RENDER_WAIT_CSP, RENDER_WAIT_LINE, RENDER_WAIT_SCRIPT, cspSources, headLines } from "../../contract/install.ts";
import { layout } from "../../demo-store/pages/layout.ts";

const ctx = { workerOrigin: "http://127.0.0.1:8787", storeId: "demo", cartCount: 0 };
const head = (page: string) => page.slice(0, page.indexOf("</head>"));
const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

describe("the demo shop's layout", () => {
  it("puts the README's tag in the head of a page with a view, and the line that limits its wait after it", () => {
    const page = layout(ctx, { title: "Order status", body: html`<div data-doorstep="tracking"></div>` }).value;
    expect(head(page)).toContain(
      `<script async blocking="render" src="http://127.0.0.1:8787/doorstep.js" data-store="demo"></script>\n${RENDER_WAIT_LINE}`,
    );
    expect(page.match(/doorstep\.js/g)).toHaveLength(2);
  });

  it("leaves both out of a page without one", () => {
    const page = layout(ctx, { title: "Help", body: html`<p>Write to us.</p>` }).value;
    expect(page).not.toContain("doorstep.js");
    expect(page).not.toContain("<script>");
  });
});

describe("the line that limits the wait, wherever it is given", () => {
  it("is the same line in the README's install, the contract and the benchmark's pages of the README's tag", () => {
    const install = read("README.md").split("## Install in a store")[1]!.split("```")[1]!;
    const tag = install.indexOf('doorstep.js" data-store="acme"></script>\n');
    expect(tag).toBeGreaterThan(0);
    expect(install.indexOf(`\n${RENDER_WAIT_LINE}\n`)).toBeGreaterThan(tag);
    expect(read("docs/contract.md")).toContain(`doorstep.js" data-store="acme"></script>   <!-- in <head> -->\n${RENDER_WAIT_LINE}`);
    for (const page of ["bench/pages/doorstep.html", "bench/pages/doorstep-survey.html"])
      expect(read(page), page).toContain(`data-store="demo"></script>\n${RENDER_WAIT_LINE}\n`);
  });

  it("has the CSP hash the README and the contract give", () => {
    expect(RENDER_WAIT_LINE).toBe(`<script>${RENDER_WAIT_SCRIPT}</script>`);
    expect(RENDER_WAIT_CSP).toBe(`'sha256-${createHash("sha256").update(RENDER_WAIT_SCRIPT).digest("base64")}'`);
    expect(read("README.md")).toContain(`script-src ${RENDER_WAIT_CSP}`);
    expect(read("docs/contract.md")).toContain(`\`${RENDER_WAIT_CSP}\``);
  });

  it("waits 3 s, then takes blocking off every Doorstep tag and nothing else", () => {
    const script = RENDER_WAIT_SCRIPT;
    const removed: string[] = [];
    const tags = [{ src: "https://doorstep.example.com/doorstep.js", removeAttribute: (name: string) => removed.push(`doorstep ${name}`) }];
    let waited = 0;
    const document = {
      querySelectorAll: (selector: string) => {
        expect(selector).toBe('script[blocking][src*="/doorstep.js"]');
        return tags;
      },
    };
    const setTimeout = (run: () => void, ms: number) => {
      waited = ms;
      run();
    };
    new Function("document", "setTimeout", script)(document, setTimeout);
    expect(waited).toBe(3000);
    expect(removed).toEqual(["doorstep blocking"]);
  });

  it("is what the dashboard gives a store to paste, with the policy's sources", () => {
    expect(headLines("https://doorstep.acme.example", "acme")).toBe(
      `<script async blocking="render" src="https://doorstep.acme.example/doorstep.js" data-store="acme"></script>\n${RENDER_WAIT_LINE}`,
    );
    // An id or origin is written as an attribute value, never as markup.
    expect(headLines("https://x.example", 'a"><script>')).toContain('data-store="a&quot;>&lt;script>"');
    expect(cspSources("https://doorstep.acme.example")).toBe(
      `script-src https://doorstep.acme.example ${RENDER_WAIT_CSP}; connect-src https://doorstep.acme.example; img-src https://doorstep.acme.example`,
    );
  });
});
