/** The dashboard's published share per star (issue 24): one-star reviews published like five-star ones, in a table. */
import { render, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ReviewShareSection } from "../../dashboard/reviews.tsx";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

afterEach(() => vi.unstubAllGlobals());

const summary = {
  stars: [
    { rating: 5, total: 40, published: 39, pending: 1, rejected: 0, publishedShare: 0.975 },
    { rating: 4, total: 10, published: 10, pending: 0, rejected: 0, publishedShare: 1 },
    { rating: 3, total: 0, published: 0, pending: 0, rejected: 0, publishedShare: null },
    { rating: 2, total: 4, published: 4, pending: 0, rejected: 0, publishedShare: 1 },
    { rating: 1, total: 6, published: 5, pending: 0, rejected: 1, publishedShare: 0.833 },
  ],
  byReason: {
    personal_data: { pending: 1, rejected: 0 },
    offensive: { pending: 0, rejected: 1 },
    link: { pending: 0, rejected: 0 },
    spam: { pending: 0, rejected: 0 },
  },
};

describe("reviews published by stars on the dashboard", () => {
  it("shows every rating's reviews and published share, and what is held back by reason", async () => {
    const fetch = vi.fn(async () => json(200, summary));
    vi.stubGlobal("fetch", fetch);
    const { container } = render(<ReviewShareSection credential="dss_x" />);
    const view = within(container as HTMLElement);
    const table = await waitFor(() => view.getByRole("table", { name: /Published share by stars/ }));
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => r.querySelector("th")!.textContent)).toEqual(["5 stars", "4 stars", "3 stars", "2 stars", "1 star"]);
    expect(within(table).getByRole("row", { name: /^1 star/ }).textContent).toContain("83");
    expect(within(table).getByRole("row", { name: /^3 stars/ }).textContent).toContain("–");
    const reasons = view.getByRole("table", { name: "Held back, by reason" });
    expect(within(reasons).getByRole("row", { name: /Personal data/ }).textContent).toContain("1");
    expect(fetch.mock.calls.map((call) => (call as unknown[])[0])).toEqual(["/v1/admin/reviews/summary"]);
  });

  it("says what went wrong and leaves the rest of the dashboard alone", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => json(503, { error: { code: "storage_unavailable", message: "Try again in a moment." } })),
    );
    const { container } = render(<ReviewShareSection credential="dss_x" />);
    await waitFor(() => within(container as HTMLElement).getByRole("alert"));
    expect(container.textContent).toContain("Try again in a moment.");
  });
});
