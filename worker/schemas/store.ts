import { z } from "zod";
import type { Branding, ReturnPolicy, SupportContacts } from "../../contract/store-config.ts";
import { COLOR_SCHEMES } from "../../contract/vocabularies.ts";
import type { AnalyticsSettings } from "../../contract/surveys.ts";
import { hexColor, httpUrl, localeTag, webOrigin } from "./common.ts";
import { mirrors } from "./mirrors.ts";

export const storeId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "must be 2–63 lowercase letters, digits or dashes");

export const branding = mirrors<Branding>()(
  z.strictObject({
    logoUrl: httpUrl.optional(),
    primaryColor: hexColor.default("#1f4b99"),
    onPrimaryColor: hexColor.default("#ffffff"),
    backgroundColor: hexColor.default("#ffffff"),
    textColor: hexColor.default("#1b1b1f"),
    /** A CSS font-family list; only characters a font list needs, so it cannot escape the property. */
    fontFamily: z
      .string()
      .max(200)
      .regex(/^[\w\s,'"-]+$/, "must be a CSS font-family list")
      .default("system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"),
    /** Corner radius in CSS pixels. */
    radius: z.int().min(0).max(32).default(10),
    /**
     * "light" (the default): the brand's colours whatever the shopper's device prefers. "auto": shoppers
     * whose device prefers a dark scheme see the `dark` palette (colours left out of it are derived from
     * the brand's). Opt-in, because a brand's look is the merchant's call, not the widget's.
     */
    colorScheme: z.enum(COLOR_SCHEMES).default("light"),
    dark: z
      .strictObject({ primaryColor: hexColor, onPrimaryColor: hexColor, backgroundColor: hexColor, textColor: hexColor })
      .partial()
      .optional(),
  }),
);

export const supportContacts = mirrors<SupportContacts>()(
  z.strictObject({
    email: z.email().max(254).optional(),
    phone: z
      .string()
      .max(32)
      .regex(/^\+?[0-9 ().-]{3,}$/, "must be a phone number")
      .optional(),
    url: httpUrl.optional(),
    hours: z.string().max(120).optional(),
  }),
);

export const returnPolicy = mirrors<ReturnPolicy>()(
  z.strictObject({
    /** Days after delivery during which a return is accepted; 0 means no returns. */
    days: z.int().min(0).max(365).default(30),
    url: httpUrl.optional(),
    summary: z.string().max(500).optional(),
  }),
);

/** The store's delivery promise, used to estimate a window before a carrier gives one. */
export const shippingPromise = z
  .strictObject({
    processingDays: z.int().min(0).max(30).default(1),
    transitDaysMin: z.int().min(0).max(60).default(2),
    transitDaysMax: z.int().min(0).max(90).default(5),
    /** Whether the counts above skip Saturdays and Sundays. */
    businessDaysOnly: z.boolean().default(true),
    /** What the store does when a parcel is late, in the store's words (shown in the delay banner). */
    ifLate: z.string().max(300).optional(),
    /** Days in transit without a carrier scan before a parcel counts as stalled (the delay sweep; 3 when unset). */
    stalledDays: z.int().min(1).max(30).optional(),
  })
  .refine((s) => s.transitDaysMax >= s.transitDaysMin, {
    message: "transitDaysMax must be at least transitDaysMin",
    path: ["transitDaysMax"],
  });

/** When to invite a shopper to the survey and to review, by how long each product family needs. */
export const feedbackTiming = z.strictObject({
  /** Days after delivery before asking, per product family ("mattress": 30, "tshirt": 3). */
  useDays: z.record(z.string().min(1).max(64), z.int().min(0).max(120)).default({}),
  /** For families not listed, and lines without a family. */
  defaultUseDays: z.int().min(0).max(120).default(3),
  /** Days after the order to ask anyway when a carrier never reports delivery. */
  fallbackDays: z.int().min(1).max(120).default(21),
});

/**
 * The store's own wording for any widget string, per language ("de") or locale ("de-AT"), keyed as in
 * the English catalogues (widget/i18n/en.ts and the views' messages.ts): `{"en": {"thanks": "Cheers!"}}`.
 */
export const customMessages = z
  .record(
    z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "must be a language or locale tag"),
    z.record(z.string().regex(/^[A-Za-z_][\w]{0,40}$/, "must be a message key"), z.string().max(500)),
  )
  .refine((m) => Object.values(m).every((keys) => Object.keys(keys).length <= 300), "at most 300 messages per language")
  .default({});
export type CustomMessages = z.infer<typeof customMessages>;

/**
 * Everything an operator may set on a store besides its credentials. Every object here is strict: a
 * key it does not know (a typo such as `primaryColour`) is refused with 422 / the command's error,
 * naming it, instead of being dropped while the setting it meant fell back to its default. Stored JSON
 * is written from these schemas' output, so it never carries unknown keys; removing a setting from a
 * schema needs a migration that drops it from stored rows (storage/stores.ts parses them again).
 */
/** What the widget also tells the merchant's analytics on the page (issue 25): off unless the merchant turns it on. */
export const analyticsSettings = mirrors<AnalyticsSettings>()(z.strictObject({ dataLayer: z.boolean().default(false) }));

export const storeSettings = z.strictObject({
  name: z.string().min(1).max(120),
  origins: z.array(webOrigin).min(1).max(20),
  branding: branding.default(branding.parse({})),
  support: supportContacts.default({}),
  returnPolicy: returnPolicy.default(returnPolicy.parse({})),
  shipping: shippingPromise.default(shippingPromise.parse({})),
  feedback: feedbackTiming.default(feedbackTiming.parse({})),
  messages: customMessages,
  defaultLocale: localeTag.default("en"),
  locales: z.array(localeTag).min(1).max(30).default(["en"]),
  /** Where shoppers follow their order; `{token}` is replaced by the order token. */
  statusPageUrl: httpUrl.refine((u) => u.includes("%7Btoken%7D") || u.includes("{token}"), "must contain {token}").optional(),
  analytics: analyticsSettings.default({ dataLayer: false }),
});

export type StoreSettings = z.infer<typeof storeSettings>;
export type ShippingPromise = z.infer<typeof shippingPromise>;
export type FeedbackTiming = z.infer<typeof feedbackTiming>;

/**
 * `PATCH /v1/admin/settings`: any of the settings' top-level sections, each replacing that section
 * whole, as in `store:update --config` (so `{"branding": {"primaryColor": "#0a7"}}` sets every other
 * branding field to its default). No defaults at this level: a section left out stays as it is.
 * `statusPageUrl: null` removes the status page. The merged settings are then validated with
 * `storeSettings` itself, exactly as `store:update` validates its file.
 */
export const settingsPatch = z.strictObject({
  name: storeSettings.shape.name.optional(),
  origins: storeSettings.shape.origins.optional(),
  branding: branding.optional(),
  support: supportContacts.optional(),
  returnPolicy: returnPolicy.optional(),
  shipping: shippingPromise.optional(),
  feedback: feedbackTiming.optional(),
  messages: customMessages.unwrap().optional(),
  defaultLocale: localeTag.optional(),
  locales: storeSettings.shape.locales.unwrap().optional(),
  statusPageUrl: storeSettings.shape.statusPageUrl.unwrap().nullable().optional(),
  analytics: analyticsSettings.optional(),
});
