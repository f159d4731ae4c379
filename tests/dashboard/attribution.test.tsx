/**
 * The attribution report beside the survey funnel: the arithmetic it shows (answer rate, share of
 * answers, revenue per currency, first-order share), numbers written beside every bar, the shoppers'
 * own words for "Other", the empty state; and the real NPS card when the metrics carry it.
 */
import { cleanup, render } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AdminMetrics } from "../../contract/admin.ts";
import type { AttributionReport } from "../../contract/surveys.ts";
import { AttributionReportView, AttributionSection, revenueInWords } from "../../dashboard/attribution.tsx";
import { NpsCard } from "../../dashboard/nps.tsx";

afterEach(() => (cleanup(), vi.unstubAllGlobals()));

const REPORT: AttributionReport = {
  from: "2026-11-08",
  to: "2026-12-07",
  answered: 8,
  orders: 20,
  channels: [
    { channel: "friend_family", orders: 2, revenue: { USD: 9000 }, firstOrderShare: 0.5 },
    { channel: "instagram", orders: 5, revenue: { USD: 25000, EUR: 4250 }, firstOrderShare: 0.8 },
    {
      channel: "other",
      orders: 1,
      revenue: { JPY: 3000 },
      firstOrderShare: 1,
      otherTexts: [{ text: "a billboard in town", count: 1 }],
    },
  ],
};

const rows = (container: Element) =>
  [...container.querySelectorAll("tbody tr")].map((tr) => [...tr.children].map((c) => c.textContent!.trim()));

describe("the attribution report", () => {
  it("shows each channel's orders, share, revenue per currency and first-order share, largest first", () => {
    const view = render(<AttributionReportView report={REPORT} />);
    expect(view.container.querySelector("p")!.textContent).toBe("8 of 20 orders answered (40% answer rate).");
    expect(rows(view.container)).toEqual([
      ["Instagram", "5", "62.5%", "$250.00 + €42.50", "80%"],
      ["Friend or family", "2", "25%", "$90.00", "50%"],
      ["Other", "1", "12.5%", "¥3,000", "100%"],
    ]);
    // The longest bar is the busiest channel's; every bar has its number as text, not length alone.
    const bars = [...view.container.querySelectorAll<HTMLElement>(".bar")].map((b) => b.style.width);
    expect(bars).toEqual(["6em", "2.4em", "1.2em"]);
    expect(view.getByRole("table", { name: "Orders by the channel the shopper named" })).toBeTruthy();
    expect(view.getByRole("list", { name: "“Other”, in the shoppers' words" }).textContent).toBe("a billboard in town × 1");
  });

  it("says what to do when nobody answered yet", () => {
    const view = render(<AttributionReportView report={{ ...REPORT, answered: 0, channels: [] }} />);
    expect(view.container.textContent).toMatch(/^No answers in this period yet \(20 orders placed\)\. Ask “How did you hear/);
    expect(view.container.querySelector("table")).toBeNull();
  });

  it("says one order in the singular", () => {
    const one = { ...REPORT, orders: 1, answered: 1, channels: REPORT.channels.slice(0, 1) };
    expect(render(<AttributionReportView report={one} />).container.querySelector("p")!.textContent).toBe(
      "1 of 1 order answered (100% answer rate).",
    );
    const none = render(<AttributionReportView report={{ ...one, answered: 0, channels: [] }} />);
    expect(none.container.textContent).toMatch(/^No answers in this period yet \(1 order placed\)\./);
  });

  it("sums nothing across currencies", () => {
    expect(revenueInWords({})).toBe("–");
    // Each in its own minor unit (KWD has three decimals); Intl puts a no-break space after the code.
    expect(revenueInWords({ EUR: 100, KWD: 1500 }).replace(/\u00a0/g, " ")).toBe("KWD 1.500 + €1.00");
  });

  it("asks for the figures' own range", async () => {
    const urls: string[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string) => {
        urls.push(url);
        return new Response(JSON.stringify(REPORT), { headers: { "Content-Type": "application/json" } });
      }),
    );
    const view = render(<AttributionSection credential="dss_x" range={{ from: "2026-11-08", to: "2026-12-07" }} />);
    await view.findByText("Instagram");
    expect(urls).toEqual(["/v1/admin/attribution?from=2026-11-08&to=2026-12-07"]);
  });
});

describe("the NPS card", () => {
  const survey = {} as AdminMetrics["survey"];
  it("shows the real score and where it comes from, only when the metrics carry it", () => {
    const view = render(
      <dl>
        <NpsCard survey={{ ...survey, nps: { score: 20, promoters: 5, passives: 2, detractors: 3, responses: 10 } }} />
      </dl>,
    );
    expect(view.container.querySelector("strong")!.textContent).toBe("+20");
    expect(view.container.textContent).toContain("5 promoters (9–10), 2 passives (7–8), 3 detractors (0–6)");
    cleanup();
    expect(render(<NpsCard survey={survey} />).container.innerHTML).toBe("");
  });
});
