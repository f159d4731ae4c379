/**
 * `GET /v1/stores/{storeId}/config`: what a store shows shoppers about itself. The worker's settings
 * schemas (worker/schemas/store.ts) produce exactly these shapes, defaults filled in; the compiler
 * checks that they do.
 */
import type { ColorScheme } from "./vocabularies.ts";
import type { AnalyticsSettings } from "./surveys.ts";

/** The brand's colours as `#rgb` or `#rrggbb`. */
export interface BrandPalette {
  primaryColor: string;
  onPrimaryColor: string;
  backgroundColor: string;
  textColor: string;
}

export interface Branding extends BrandPalette {
  logoUrl?: string;
  /** A CSS font-family list. */
  fontFamily: string;
  /** Corner radius in CSS pixels. */
  radius: number;
  colorScheme: ColorScheme;
  /** With `colorScheme: "auto"`, for shoppers who prefer dark; colours left out are derived from the brand's. */
  dark?: Partial<BrandPalette>;
}

export interface SupportContacts {
  email?: string;
  phone?: string;
  url?: string;
  hours?: string;
}

export interface ReturnPolicy {
  /** Days after delivery during which a return is accepted; 0 means no returns. */
  days: number;
  url?: string;
  summary?: string;
}

export interface StorePublicConfig {
  id: string;
  name: string;
  branding: Branding;
  support: SupportContacts;
  returnPolicy: ReturnPolicy;
  defaultLocale: string;
  locales: string[];
  /** The store's own wording, per language or locale, over the widget's catalogues. */
  messages: Record<string, Record<string, string>>;
  /**
   * New in 2026-12 (issue 25): `dataLayer: true` asks the widget to push each survey answer to
   * `window.dataLayer`. The worker always sends it; optional so configs written before it still compile.
   */
  analytics?: AnalyticsSettings;
}
