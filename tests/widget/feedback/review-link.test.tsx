/**
 * Review links from lifecycle messages: the order's status link with `ds_review=<sku>` and, for a
 * star in the email, `ds_stars=<1..5>` (worker/services/lifecycle-moments.ts). The review form opens
 * that item with those stars chosen (the shopper still sends it); a survey shown first is skipped.
 * Anything the link says that this order cannot take is ignored.
 */
import { fireEvent, render, within } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { OrderView } from "../../../contract/order-view.ts";
import { createI18n } from "../../../widget/i18n/index.ts";
import { en } from "../../../widget/i18n/en.ts";
import "../../../widget/views/feedback/after-survey.ts";
import { FeedbackPanel } from "../../../widget/views/feedback/feedback-panel.tsx";
import { feedbackText } from "../../../widget/views/feedback/messages.ts";
import { ReviewForm } from "../../../widget/views/feedback/review-form.tsx";
import { reviewLink } from "../../../widget/views/feedback/review-link.ts";
import { API, TOKEN, json, orderView } from "../fixtures.ts";

const page = location.pathname;
afterEach(() => history.replaceState(null, "", page));

/** The shopper arrives by this link (the query of the status page's URL). */
const arrive = (query: string) => history.replaceState(null, "", `${page}?order=${TOKEN}&ds_m=review_invitation${query}`);

function form(order: OrderView = orderView()) {
  const { container } = render(<ReviewForm ft={feedbackText()} api={API} token={TOKEN} view={order} locale="en-US" onSaved={() => {}} />);
  const view = within(container as HTMLElement);
  const stars = (item: string) =>
    within(view.getByRole("group", { name: `Rating for ${item}` }))
      .getAllByRole("radio")
      .map((r) => (r as HTMLInputElement).checked);
  return { view, stars };
}

describe("a review link", () => {
  it("opens that item's review with its stars chosen, and gives it the focus; the shopper still sends it", async () => {
    arrive("&ds_review=SCK-3&ds_stars=4");
    const posts: unknown[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (_url: string, init?: RequestInit) => (posts.push(JSON.parse(String(init?.body))), json(200, { reviews: [] }))),
    );
    const { view, stars } = form();
    expect(stars("Merino Socks")).toEqual([false, false, false, true, false]);
    expect(stars("Trail Shell Jacket")).toEqual([false, false, false, false, false]);
    expect(document.activeElement).toBe(view.getByRole("group", { name: "Rating for Merino Socks" }));
    expect(posts).toEqual([]);
    fireEvent.click(view.getByRole("button", { name: "Submit reviews" }));
    await view.findByText(/Thanks for your reviews/);
    expect(posts).toEqual([[{ sku: "SCK-3", rating: 4 }]]);
  });

  it("without stars, opens the item with none chosen", () => {
    arrive("&ds_review=JKT-1");
    const { view, stars } = form();
    expect(stars("Trail Shell Jacket")).toEqual([false, false, false, false, false]);
    expect(document.activeElement).toBe(view.getByRole("group", { name: "Rating for Trail Shell Jacket" }));
  });

  it("leaves a review the shopper already saved as it is", () => {
    arrive("&ds_review=JKT-1&ds_stars=2");
    const order = orderView();
    order.feedback.reviews = [{ sku: "JKT-1", rating: 5, title: "Warm", status: "published", author: "name", photos: [] }];
    const { stars } = form(order);
    expect(stars("Trail Shell Jacket")).toEqual([false, false, false, false, true]);
  });

  it("is ignored for an item not in the order, or not delivered yet, and its stars only as whole 1 to 5", () => {
    const order = orderView();
    for (const query of ["&ds_review=NOPE-1&ds_stars=4", "&ds_review=&ds_stars=4", "&ds_stars=4"]) {
      arrive(query);
      expect(reviewLink(order), query).toBeUndefined();
    }
    for (const stars of ["0", "6", "2.5", "4x", "-1", "", "%204"]) {
      arrive(`&ds_review=JKT-1&ds_stars=${stars}`);
      expect(reviewLink(order), stars).toEqual({ sku: "JKT-1", stars: undefined });
    }
    arrive("&ds_review=JKT-1&ds_stars=5");
    expect(reviewLink(order)).toEqual({ sku: "JKT-1", stars: 5 });
    // A sku with characters a URL encodes is read decoded.
    order.order.lines[0]!.sku = "JKT 1/blue&tall";
    arrive(`&ds_review=${encodeURIComponent("JKT 1/blue&tall")}&ds_stars=3`);
    expect(reviewLink(order)).toEqual({ sku: "JKT 1/blue&tall", stars: 3 });
    // Only items in a delivered parcel are asked about, so only they can be opened.
    order.shipments = [
      { id: "P1", status: "in_transit", lines: [{ sku: "SCK-3", name: "Merino Socks", quantity: 2 }] },
    ] as unknown as OrderView["shipments"];
    arrive("&ds_review=SCK-3&ds_stars=3");
    expect(reviewLink(order)).toBeUndefined();
    const { view } = form(order);
    expect(view.queryAllByRole("group")).toHaveLength(0);
  });
});

describe("the survey with a review link", () => {
  function panel(order: OrderView) {
    const recorded: string[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => json(200, { offers: [] })),
    );
    const { container } = render(
      <FeedbackPanel
        i18n={createI18n("en-US", en)}
        ft={feedbackText()}
        api={API}
        token={TOKEN}
        order={order}
        survey
        record={(type, target) => recorded.push(`${type}:${target}`)}
        host={document.body}
      />,
    );
    return { view: within(container as HTMLElement), recorded };
  }

  it("goes straight to the review form, the item's stars chosen", async () => {
    arrive("&ds_review=JKT-1&ds_stars=4");
    const { view, recorded } = panel(orderView());
    await view.findByRole("heading", { name: "Review your items" });
    expect(view.queryByRole("heading", { name: "How was your experience overall?" })).toBeNull();
    const jacket = view.getByRole("group", { name: "Rating for Trail Shell Jacket" });
    expect((within(jacket).getByRole("radio", { name: "4 of 5 stars" }) as HTMLInputElement).checked).toBe(true);
    // Recorded as what it was: a review invitation, no survey shown.
    expect(recorded).toEqual(["review_invite:review"]);
  });

  it("asks the survey first as usual when the link names nothing this order can review", () => {
    arrive("&ds_review=NOPE-1&ds_stars=4");
    const { view, recorded } = panel(orderView());
    view.getByRole("heading", { name: "How was your experience overall?" });
    expect(view.queryByRole("heading", { name: "Review your items" })).toBeNull();
    expect(recorded).toEqual(["view:survey"]);
  });
});
