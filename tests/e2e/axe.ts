/**
 * axe-core over what lies inside Doorstep's shadow roots on a page, against the WCAG 2.x A and AA rules
 * (2.2 included: target size), as a11y.test.ts runs it.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { expect } from "vitest";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: unknown[]; html: string }[];
}

/** Fails with each violation's rule and elements when axe finds any inside a `[data-doorstep]` element. */
export async function expectNoViolations(page: Page, state: string): Promise<void> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Violation[]; passes: Violation[] }> } }
    ).axe;
    return axe.run(
      { include: [...document.querySelectorAll("[data-doorstep]")].map((el) => [`[data-doorstep="${el.getAttribute("data-doorstep")}"]`]) },
      { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } },
    );
  });
  // The audit reached inside the shadow root: rules passed on Doorstep's own elements.
  expect(result.passes.map((p) => p.id)).toContain("color-contrast");
  const described = result.violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes
          .map((n) => n.html)
          .slice(0, 3)
          .join("\n  ")}`,
    )
    .join("\n");
  expect(result.violations, `${state}:\n${described}`).toEqual([]);
}

/** A whole page's violations (the dashboard's, a shop's own markup), as `describeViolations` lists them. */
export interface PageViolation {
  id: string;
  impact: string;
  nodes: { target: unknown[]; failureSummary: string }[];
}

/** Violations anywhere on the page against the same WCAG rules, shadow roots included. */
export async function auditWholePage(page: Page): Promise<PageViolation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: PageViolation[] }> } }).axe;
    return axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } });
  });
  return result.violations;
}

export const describeViolations = (v: PageViolation[]) =>
  v.map((x) => `${x.id} (${x.impact}): ${x.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary}`).join("; ")}`).join("\n");
