import { cleanup, fireEvent, render, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { de } from "../../../widget/i18n/de.ts";
import { en } from "../../../widget/i18n/en.ts";
import { createI18n } from "../../../widget/i18n/index.ts";
import { de as trackingDe } from "../../../widget/views/tracking/messages/de.ts";
import { loadTrackingText, trackingEn, trackingText } from "../../../widget/views/tracking/messages.ts";
import { TrackingView } from "../../../widget/views/tracking/tracking-view.tsx";
// As the tracking module does: the review form that follows the survey is drawn at once.
import "../../../widget/views/feedback/after-survey.ts";
import { de as feedbackDe } from "../../../widget/views/feedback/messages/de.ts";
import { feedbackText } from "../../../widget/views/feedback/messages.ts";
import { API, TOKEN, json, storeConfig } from "../fixtures.ts";
import { parcel, trackedOrder } from "./fixtures.ts";

afterEach(() => vi.unstubAllGlobals());

const recorded: string[] = [];

function draw(order = trackedOrder([parcel()]), locale = "en-US") {
  recorded.length = 0;
  // Polls would otherwise run against the real network stub; the view's first paint is what matters here.
  vi.stubGlobal(
    "fetch",
    vi.fn(async () => json(200, order)),
  );
  const { container } = render(
    <TrackingView
      i18n={createI18n(locale, locale.startsWith("de") ? de : en)}
      tt={trackingText(locale.startsWith("de") ? trackingDe : undefined)}
      ft={feedbackText(locale.startsWith("de") ? feedbackDe : undefined)}
      api={API}
      token={TOKEN}
      initial={order}
      config={storeConfig()}
      onChange={() => {}}
      onPreference={() => {}}
      record={(type, target) => recorded.push(`${type}:${target}`)}
      host={document.body}
    />,
  );
  return within(container as HTMLElement);
}

describe("tracking view", () => {
  it("says when the survey opens while it is closed, and asks the first question once it is open", async () => {
    const closed = draw();
    closed.getByText("We'll ask how it went from December 20, 2026, once you've had time to try it.");
    expect(closed.queryByRole("heading", { name: "How was your experience overall?" })).toBeNull();
    cleanup();

    const order = trackedOrder([parcel({ status: "delivered" })]);
    order.feedback = { ...order.feedback, open: true, basis: "delivered" };
    const open = draw(order);
    open.getByRole("heading", { name: "How was your experience overall?" });
    // The review invitation follows the survey, and is recorded when shown.
    expect(open.queryByRole("heading", { name: "Review your items" })).toBeNull();
    order.feedback.survey = { rating: 2, stepsAnswered: 3, completed: true };
    cleanup();
    const answered = draw(order, "de-DE");
    answered.getByRole("heading", { name: "Bewerten Sie Ihre Artikel" });
    expect(recorded).toEqual(["view:survey", "review_invite:survey"]);
  });

  it("draws the timeline with the current step marked, the latest event, the items and the carrier link", () => {
    const view = draw();
    const steps = view.getByRole("list", { name: "Delivery progress" });
    const items = within(steps).getAllByRole("listitem");
    expect(items.map((li) => li.textContent?.split(",")[0])).toEqual(
      ["Ordered", "Packed", "Shipped", "Out for delivery", "Delivered"]
        .map((s, i) => (i < 2 ? s : s))
        .map((s) => expect.stringContaining(s)),
    );
    expect(items[2]!.getAttribute("aria-current")).toBe("step");
    expect(items[1]!.textContent).toContain("done");
    expect(document.body.querySelector(".latest")!.textContent).toContain("Departed UPS facility");
    view.getByText("Trail Shell Jacket", { exact: false });
    expect(view.getByRole("link", { name: /Track on the UPS website/ }).getAttribute("href")).toBe(
      "https://www.ups.com/track?tracknum=1Z999AA10123456784",
    );
    expect(view.queryByRole("status", { name: "" })?.classList.contains("banner") ?? false).toBe(false);
  });

  it("labels parcels when there are several", () => {
    const view = draw(trackedOrder([parcel(), parcel({ id: "P2", status: "packed" })]));
    view.getByRole("region", { name: "Parcel 1 of 2" });
    view.getByRole("region", { name: "Parcel 2 of 2" });
  });

  it("explains an exception and what happens next, with a way to get help", () => {
    const view = draw(
      trackedOrder(
        [
          parcel({
            status: "exception",
            delayed: true,
            delayReason: "exception",
            exception: { kind: "attempt_failed", at: "2026-11-25T14:00:00Z" },
          }),
        ],
        {
          delayed: true,
        },
      ),
    );
    const banner = view.getAllByRole("status").find((el) => el.classList.contains("banner"))!;
    expect(banner.textContent).toContain("tried to deliver but couldn't");
    expect(
      within(banner)
        .getByRole("link", { name: /Contact us/ })
        .getAttribute("href"),
    ).toMatch(/^mailto:/);
  });

  it("says what the store does when a parcel is late, in the store's words when it has some", () => {
    const late = parcel({ delayed: true, delayReason: "late", window: { from: "2026-11-20", to: "2026-11-21", source: "store_promise" } });
    let view = draw(trackedOrder([late], { delayed: true }));
    expect(view.getByText(/later than we promised/).textContent).toBeTruthy();
    view.getByText(/Not there by November 23, 2026\?/);

    view = draw(
      trackedOrder([late], {
        delayed: true,
        delivery: { from: "2026-11-20", to: "2026-11-21", source: "store_promise", ifLate: "We refund shipping on every late order." },
      }),
    );
    view.getByText("We refund shipping on every late order.");
  });

  it("shows 'not shipped yet' before any parcel exists", () => {
    const view = draw(trackedOrder([]));
    view.getByText(/Tracking appears here once it ships/);
  });

  it("saves the update preference and shows where updates will go", async () => {
    const order = trackedOrder([parcel()]);
    draw(order);
    const fetch = vi.fn(async (url: string, init?: RequestInit) =>
      url.endsWith("/preferences")
        ? json(200, {
            channel: "sms",
            contactHint: "•••0111",
            marketing: { email: false, sms: false },
            sent: JSON.parse(String(init?.body)),
          })
        : json(200, order),
    );
    vi.stubGlobal("fetch", fetch);
    const view = within(document.body);
    fireEvent.click(view.getByLabelText("Text message"));
    fireEvent.input(view.getByLabelText("Mobile number"), { target: { value: "+1 720 555 0111" } });
    fireEvent.click(view.getByRole("button", { name: "Save" }));
    await waitFor(() => view.getByText("Saved. Updates go to •••0111."));
    const call = fetch.mock.calls.find(([url]) => String(url).endsWith("/preferences"))!;
    // The marketing box below the choice was left unticked: updates only.
    expect(JSON.parse(String(call[1]!.body))).toEqual({ channel: "sms", contact: "+1 720 555 0111", marketing: false });
  });

  it("hands the order's marketing consent to the opt-in: the box is ticked only where it was given", () => {
    const view = draw(trackedOrder([parcel()], { updates: { channel: "email" }, marketing: { email: true, sms: false } }));
    expect((view.getByRole("checkbox", { name: /news and offers by email/ }) as HTMLInputElement).checked).toBe(true);
    cleanup();
    const fresh = draw(trackedOrder([parcel()]));
    expect((fresh.getByRole("checkbox", { name: /news and offers by email/ }) as HTMLInputElement).checked).toBe(false);
  });

  it("speaks German", () => {
    const view = draw(trackedOrder([parcel(), parcel({ id: "P2" })]), "de-DE");
    view.getByRole("region", { name: "Paket 1 von 2" });
    expect(view.getAllByRole("list", { name: "Lieferfortschritt" })).toHaveLength(2);
  });
});

describe("tracking catalogues", () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  it("German has every English key, filled in, with the same placeholders", () => {
    const en: Record<string, string> = trackingEn;
    const german: Record<string, string> = trackingDe;
    expect(Object.keys(german).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) {
      expect(german[key]!.trim(), key).not.toBe("");
      expect(placeholders(german[key]!), key).toEqual(placeholders(en[key]!));
    }
  });

  it("loads a language on demand and falls back to English for one without parts", async () => {
    expect((await loadTrackingText(API, "de-CH"))("title")).toBe("Sendungsverfolgung");
    expect((await loadTrackingText(API, "fr-FR"))("title")).toBe("Suivre votre commande");
    expect((await loadTrackingText(API, "it-IT"))("title")).toBe("Track your order");
  });
});
