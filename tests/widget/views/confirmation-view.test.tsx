import { fireEvent, render, screen, within } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { de } from "../../../widget/i18n/de.ts";
import { en } from "../../../widget/i18n/en.ts";
import { createI18n } from "../../../widget/i18n/index.ts";
import { ConfirmationView } from "../../../widget/views/confirmation/confirmation-view.tsx";
import { orderView, storeConfig } from "../fixtures.ts";

const NBSP = "\u00a0";

function renderView(currency: string, locale: string, order = orderView(currency, locale)) {
  const onFeel = vi.fn();
  const onStatusClick = vi.fn();
  const utils = render(
    <ConfirmationView
      i18n={createI18n(locale, locale.startsWith("de") ? de : en)}
      view={order}
      config={storeConfig()}
      onFeel={onFeel}
      onStatusClick={onStatusClick}
    />,
  );
  return { ...utils, onFeel, onStatusClick };
}

/** The amount shown next to a label in the totals list. */
function amount(label: string | RegExp): string | null {
  const row = screen.getByText(label, { selector: "dt" }).parentElement!;
  return row.querySelector("dd")!.textContent;
}

function lineAmounts(): string[] {
  const list = document.querySelector<HTMLElement>(".lines")!;
  return within(list)
    .getAllByRole("listitem")
    .map((li) => li.querySelector(".amount")!.textContent!);
}

describe("confirmation view: free fees", () => {
  it.each([
    ["en-US", "Free"],
    ["de-DE", "Kostenlos"],
  ])("%s shows a zero fee as a word", (locale, word) => {
    const order = orderView("USD", locale);
    order.order.fees = [{ label: "Shipping", amount: 0 }];
    order.order.total = order.order.subtotal - order.order.discounts.reduce((sum, d) => sum + d.amount, 0);
    renderView("USD", locale, order);
    expect(amount("Shipping")).toBe(word);
  });
});

describe("confirmation view: money in the order's currency and the shopper's locale", () => {
  it("en-US, USD", () => {
    renderView("USD", "en-US");
    expect(screen.getByRole("heading", { level: 2 }).textContent).toBe("Thank you, your order is confirmed");
    expect(screen.getByText("Order 1042")).toBeTruthy();
    expect(screen.getByText("Trail Shell Jacket")).toBeTruthy();
    expect(screen.getByText("Qty 2")).toBeTruthy();
    expect(lineAmounts()).toEqual(["$1,234.50", "$49.00"]);
    expect(amount("Subtotal")).toBe("$1,283.50");
    expect(amount("Shipping")).toBe("$7.95");
    expect(amount("WELCOME10")).toBe("-$20.30");
    expect(amount("Total")).toBe("$1,271.15");
    expect(screen.getByText("Fri, Nov 27 – Wed, Dec 2")).toBeTruthy();
    expect(screen.getByText("Returns accepted until January 1, 2027")).toBeTruthy();
  });

  it("de-DE, EUR, with the German catalogue", () => {
    renderView("EUR", "de-DE");
    expect(screen.getByRole("heading", { level: 2 }).textContent).toBe("Vielen Dank, Ihre Bestellung ist bestätigt");
    expect(screen.getByText("Bestellung 1042")).toBeTruthy();
    expect(screen.getByText("Anzahl: 2")).toBeTruthy();
    expect(lineAmounts()).toEqual([`1.234,50${NBSP}€`, `49,00${NBSP}€`]);
    expect(amount("Zwischensumme")).toBe(`1.283,50${NBSP}€`);
    expect(amount("Shipping")).toBe(`7,95${NBSP}€`);
    expect(amount("WELCOME10")).toBe(`-20,30${NBSP}€`);
    expect(amount("Gesamt")).toBe(`1.271,15${NBSP}€`);
    expect(screen.getByText("Rücksendungen möglich bis 1. Januar 2027")).toBeTruthy();
    expect(screen.getByRole("link", { name: /Bestellstatus ansehen/ })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Einfach" })).toBeTruthy();
    expect(screen.queryByText(/Thank you/)).toBeNull();
  });

  it("ja-JP, JPY: no fraction digits", () => {
    renderView("JPY", "ja-JP");
    expect(lineAmounts()).toEqual(["￥12,345", "￥980"]);
    expect(amount("Subtotal")).toBe("￥13,325");
    expect(amount("Shipping")).toBe("￥500");
    expect(amount("WELCOME10")).toBe("-￥1,000");
    expect(amount("Total")).toBe("￥12,825");
  });
});

describe("confirmation view: content", () => {
  it("links the primary button to the order-status page and reports the click", () => {
    const { onStatusClick } = renderView("USD", "en-US");
    const link = screen.getByRole("link", { name: /view order status/i });
    expect(link.getAttribute("href")).toBe(orderView().links.status);
    link.addEventListener("click", (e) => e.preventDefault());
    fireEvent.click(link);
    expect(onStatusClick).toHaveBeenCalledTimes(1);
  });

  it("shows images lazily with their size reserved, and the store's contacts", () => {
    renderView("USD", "en-US");
    const img = document.querySelector<HTMLImageElement>(".lines img")!;
    expect([img.getAttribute("loading"), img.getAttribute("width"), img.getAttribute("height")]).toEqual(["lazy", "56", "56"]);
    expect(screen.getByRole("link", { name: "Email help@acme.test" }).getAttribute("href")).toBe("mailto:help@acme.test");
    expect(screen.getByRole("link", { name: /Call/ }).getAttribute("href")).toBe("tel:+15550102030");
    expect(screen.getByRole("link", { name: /Start a return/ }).getAttribute("href")).toBe("https://acme.test/returns");
  });

  it("counts return days after delivery when no date is known yet, with plurals", () => {
    const order = orderView();
    order.returns = { days: 1 };
    renderView("USD", "en-US", order);
    expect(screen.getByText("Returns accepted 1 day after delivery")).toBeTruthy();
  });

  it("never turns a javascript: URL into a link", () => {
    const order = orderView();
    order.links.status = "javascript:alert(1)";
    renderView("USD", "en-US", order);
    expect(screen.queryByRole("link", { name: /view order status/i })).toBeNull();
  });
});

describe("checkout-feel cue", () => {
  it("reports the choice once, presses the button and thanks politely", () => {
    const { onFeel } = renderView("USD", "en-US");
    const easy = screen.getByRole("button", { name: "Easy" });
    expect(easy.getAttribute("aria-pressed")).toBe("false");
    expect(screen.getByRole("status").textContent).toBe("");

    fireEvent.click(easy);
    fireEvent.click(easy);

    expect(onFeel).toHaveBeenCalledTimes(1);
    expect(onFeel).toHaveBeenCalledWith("easy");
    expect(easy.getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByRole("button", { name: "Hard" }).getAttribute("aria-pressed")).toBe("false");
    expect(screen.getByRole("status").textContent).toBe("Thanks for telling us!");
  });

  it("shows an earlier answer as pressed", () => {
    renderView("USD", "en-US", orderView("USD", "en-US", { checkoutFeel: "okay" }));
    expect(screen.getByRole("button", { name: "Okay" }).getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByRole("button", { name: "Easy" }).getAttribute("aria-pressed")).toBe("false");
  });
});
