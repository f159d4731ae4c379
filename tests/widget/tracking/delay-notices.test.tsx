/**
 * The tracking view's banner for delays Doorstep noticed (the order view's `notices`): what is going on
 * and what happens next, in every language the widget speaks, announced once (role=status).
 */
import { render, within } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ar } from "../../../widget/i18n/ar.ts";
import { de } from "../../../widget/i18n/de.ts";
import { es } from "../../../widget/i18n/es.ts";
import { fr } from "../../../widget/i18n/fr.ts";
import { createI18n, type Messages } from "../../../widget/i18n/index.ts";
import { feedbackText } from "../../../widget/views/feedback/messages.ts";
import { trackingText, type TrackingMessages } from "../../../widget/views/tracking/messages.ts";
import { ar as trackingAr } from "../../../widget/views/tracking/messages/ar.ts";
import { de as trackingDe } from "../../../widget/views/tracking/messages/de.ts";
import { es as trackingEs } from "../../../widget/views/tracking/messages/es.ts";
import { fr as trackingFr } from "../../../widget/views/tracking/messages/fr.ts";
import { TrackingView } from "../../../widget/views/tracking/tracking-view.tsx";
import type { NoticeView, OrderView } from "../../../contract/order-view.ts";
import { API, TOKEN, json, storeConfig } from "../fixtures.ts";
import { parcel, trackedOrder } from "./fixtures.ts";

afterEach(() => vi.unstubAllGlobals());

const CATALOGUES: Record<string, [Messages | undefined, TrackingMessages | undefined]> = {
  "en-US": [undefined, undefined],
  "de-DE": [de, trackingDe],
  "fr-FR": [fr, trackingFr],
  "es-ES": [es, trackingEs],
  "ar-EG": [ar, trackingAr],
};

function banner(order: OrderView, locale = "en-US") {
  vi.stubGlobal(
    "fetch",
    vi.fn(async () => json(200, order)),
  );
  const [common, tracking] = CATALOGUES[locale]!;
  const { container } = render(
    <TrackingView
      i18n={createI18n(locale, common)}
      tt={trackingText(tracking)}
      ft={feedbackText()}
      api={API}
      token={TOKEN}
      initial={order}
      config={storeConfig()}
      onChange={() => {}}
      onPreference={() => {}}
      record={() => {}}
      host={document.body}
    />,
  );
  return within(container as HTMLElement)
    .getAllByRole("status")
    .find((el) => el.classList.contains("banner"));
}

const stalled: NoticeView = {
  kind: "stalled",
  parcelId: "P1",
  since: "2026-11-27T18:00:00Z",
  lastScanAt: "2026-11-24T18:00:00Z",
  expected: { from: "2026-11-27", to: "2026-11-28" },
};

describe("delay notices on the tracking view", () => {
  it("stalled: when the last scan was, that the store is checking with the carrier, and the store's promise", () => {
    const el = banner(trackedOrder([parcel()], { notices: [stalled] }))!;
    expect(el.className).toBe("banner");
    expect(el.textContent).toContain("No carrier scan since November 24, 2026. We're checking with UPS.");
    expect(el.textContent).toContain("Not there by November 30, 2026? Contact us");
    within(el).getByRole("link", { name: /Contact us/ });
  });

  it("not shipped yet: said for the order, before any parcel exists", () => {
    const el = banner(trackedOrder([], { notices: [{ kind: "fulfillment_delayed", since: "2026-11-25T05:00:00Z" }] }))!;
    expect(el.textContent).toContain("Your order is taking longer than planned to ship. We'll send tracking once it leaves.");
  });

  it("late: the store's own words on what it does", () => {
    const late: NoticeView = {
      kind: "late",
      parcelId: "P1",
      since: "2026-11-29T05:00:00Z",
      expected: { from: "2026-11-27", to: "2026-11-28" },
    };
    const el = banner(
      trackedOrder([parcel({ delayed: true, delayReason: "late" })], {
        delayed: true,
        notices: [late],
        delivery: { from: "2026-11-27", to: "2026-11-28", source: "carrier", ifLate: "We refund shipping on every late order." },
      }),
    )!;
    expect([...el.querySelectorAll("p")].map((p) => p.textContent)).toEqual([
      "Your order is later than we promised.",
      "We refund shipping on every late order.",
    ]);
  });

  it("a delay the merchant reported: why, and the new estimate", () => {
    const delayed: NoticeView = {
      kind: "delayed",
      parcelId: "P1",
      since: "2026-11-25T10:00:00Z",
      reason: "weather",
      expected: { from: "2026-12-01", to: "2026-12-02" },
    };
    const el = banner(trackedOrder([parcel({ delayed: true, delayReason: "carrier_delay" })], { delayed: true, notices: [delayed] }))!;
    expect(el.textContent).toMatch(/Delayed by bad weather\. Now expected Tue, Dec 1\s–\sWed, Dec 2\./);
    expect(el.textContent).not.toContain("The carrier reports a delay");
  });

  it("arriving soon: today when out for delivery, and what happens if nobody is in", () => {
    const soon: NoticeView = {
      kind: "arriving_soon",
      parcelId: "P1",
      since: "2026-11-27T13:00:00Z",
      outForDelivery: true,
      expected: { from: "2026-11-27", to: "2026-11-27" },
    };
    const el = banner(trackedOrder([parcel({ status: "out_for_delivery" })], { notices: [soon] }))!;
    expect(el.textContent).toBe("Out for delivery today. If you're out, the carrier will leave a note or try again.Contact us→");
  });

  it.each([
    ["de-DE", "Der Paketdienst hat Ihr Paket seit dem 24. November 2026 nicht mehr gescannt.", "Wir fragen bei UPS nach."],
    ["fr-FR", "Le transporteur n’a plus scanné votre colis depuis le 24 novembre 2026.", "Nous nous renseignons auprès de UPS"],
    ["es-ES", "La empresa de transporte no ha escaneado su paquete desde el 24 de noviembre de 2026.", "Estamos consultando con UPS"],
    ["ar-EG", "لم تمسح شركة الشحن طردك ضوئيًا منذ", "نتحقق من الأمر مع UPS"],
  ])("stalled in %s", (locale, said, next) => {
    const el = banner(trackedOrder([parcel()], { notices: [stalled] }), locale)!;
    expect(el.textContent).toContain(said);
    expect(el.textContent).toContain(next);
  });

  it.each(["de-DE", "fr-FR", "es-ES", "ar-EG"])("every notice and every reason reads in %s, none in English", (locale) => {
    const reasons = ["weather", "carrier", "customs", "address", "other"] as const;
    const order = trackedOrder([parcel(), parcel({ id: "P2", status: "out_for_delivery" })], {
      notices: [
        { kind: "fulfillment_delayed", since: "2026-11-25T05:00:00Z" },
        stalled,
        { kind: "arriving_soon", parcelId: "P2", since: "2026-11-27T13:00:00Z", expected: { from: "2026-11-28", to: "2026-11-28" } },
      ],
    });
    const text = banner(order, locale)!.textContent!;
    for (const english of ["longer than planned", "carrier scan", "If you're out", "checking with"]) expect(text).not.toContain(english);
    for (const reason of reasons) {
      const el = banner(
        trackedOrder([parcel()], { notices: [{ kind: "delayed", parcelId: "P1", since: "2026-11-25T10:00:00Z", reason }] }),
        locale,
      )!;
      expect(el.textContent).not.toMatch(/delayed by|weather|hold-up|customs|address/);
    }
  });
});
