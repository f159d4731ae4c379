/** A store's settings as `GET /v1/admin/settings` answers them, for the settings screen's tests. */
import type { SettingsAnswer } from "../../contract/self-service.ts";

export const settings: SettingsAnswer = {
  storeId: "acme",
  brandingAdjusted: [],
  settings: {
    name: "Acme",
    origins: ["https://shop.example"],
    branding: {
      primaryColor: "#1f4b99",
      onPrimaryColor: "#ffffff",
      backgroundColor: "#ffffff",
      textColor: "#1b1b1f",
      fontFamily: "system-ui",
      radius: 10,
      colorScheme: "auto",
    },
    support: { email: "help@shop.example" },
    returnPolicy: { days: 30 },
    shipping: { processingDays: 1, transitDaysMin: 2, transitDaysMax: 5, businessDaysOnly: true },
    feedback: { useDays: { mattress: 30 }, defaultUseDays: 3, fallbackDays: 21 },
    messages: {},
    defaultLocale: "en",
    locales: ["en", "de"],
  },
};
