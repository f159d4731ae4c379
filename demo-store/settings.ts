import type { z } from "zod";
import type { storeSettings } from "../worker/schemas/store.ts";

/** What an operator would pass to `store:create`: the schema's input, before defaults are applied. */
export type DemoStoreSettings = z.input<typeof storeSettings>;

/**
 * The demo shop's Doorstep settings. `origin` is where the shop is opened; browsers treat
 * localhost and 127.0.0.1 as different origins, so both are registered for CORS.
 */
export function demoStoreSettings(origin: string): DemoStoreSettings {
  const base = new URL(origin).origin;
  return {
    name: "Northwind Outfitters",
    origins: [base, ...loopbackTwin(base)],
    branding: {
      logoUrl: `${base}/img/logo.svg`,
      primaryColor: "#1d5c4a",
      onPrimaryColor: "#ffffff",
      backgroundColor: "#fbfaf7",
      textColor: "#1f2421",
      fontFamily: "'Avenir Next', 'Segoe UI', system-ui, -apple-system, Roboto, sans-serif",
      radius: 6,
    },
    support: {
      email: "help@northwind-outfitters.example",
      phone: "+1 (503) 555-0142",
      url: `${base}/help`,
      hours: "Mon–Fri, 8am–6pm Pacific",
    },
    returnPolicy: {
      days: 30,
      url: `${base}/returns`,
      summary: "Unworn gear can be returned within 30 days of delivery for a full refund. Return shipping is on us.",
    },
    shipping: { processingDays: 1, transitDaysMin: 2, transitDaysMax: 5, businessDaysOnly: true },
    defaultLocale: "en-US",
    locales: ["en-US", "de-DE"],
    statusPageUrl: `${base}/orders/status?order={token}`,
    // Ask about footwear after two weeks of running in it; about the rest a day after they arrive.
    feedback: { useDays: { footwear: 14 }, defaultUseDays: 1, fallbackDays: 21 },
  };
}

function loopbackTwin(origin: string): string[] {
  const url = new URL(origin);
  const twin = url.hostname === "localhost" ? "127.0.0.1" : url.hostname === "127.0.0.1" ? "localhost" : undefined;
  if (!twin) return [];
  url.hostname = twin;
  return [url.origin];
}
