import { describe, expect, it, vi } from "vitest";
import { ar } from "../../../widget/i18n/ar.ts";
import { de } from "../../../widget/i18n/de.ts";
import { en, enCommon } from "../../../widget/i18n/en.ts";
import { es } from "../../../widget/i18n/es.ts";
import { fr } from "../../../widget/i18n/fr.ts";
import { plural } from "../../../widget/i18n/format.ts";
import { createI18n, LANGUAGES, loadLanguagePart, loadMessages } from "../../../widget/i18n/index.ts";
import { feedbackEn, loadFeedbackText } from "../../../widget/views/feedback/messages.ts";
import { ar as feedbackAr } from "../../../widget/views/feedback/messages/ar.ts";
import { de as feedbackDe } from "../../../widget/views/feedback/messages/de.ts";
import { es as feedbackEs } from "../../../widget/views/feedback/messages/es.ts";
import { fr as feedbackFr } from "../../../widget/views/feedback/messages/fr.ts";
import { trackingEn } from "../../../widget/views/tracking/messages.ts";
import { ar as trackingAr } from "../../../widget/views/tracking/messages/ar.ts";
import { de as trackingDe } from "../../../widget/views/tracking/messages/de.ts";
import { es as trackingEs } from "../../../widget/views/tracking/messages/es.ts";
import { fr as trackingFr } from "../../../widget/views/tracking/messages/fr.ts";
import { extrasEn } from "../../../widget/views/feedback/extras/messages.ts";
import { ar as extrasAr } from "../../../widget/views/feedback/extras/messages/ar.ts";
import { de as extrasDe } from "../../../widget/views/feedback/extras/messages/de.ts";
import { es as extrasEs } from "../../../widget/views/feedback/extras/messages/es.ts";
import { fr as extrasFr } from "../../../widget/views/feedback/extras/messages/fr.ts";
import { reviewsEn } from "../../../widget/views/reviews/messages.ts";
import { ar as reviewsAr } from "../../../widget/views/reviews/messages/ar.ts";
import { de as reviewsDe } from "../../../widget/views/reviews/messages/de.ts";
import { es as reviewsEs } from "../../../widget/views/reviews/messages/es.ts";
import { fr as reviewsFr } from "../../../widget/views/reviews/messages/fr.ts";
import { questionsEn } from "../../../widget/views/questions/messages.ts";
import { ar as questionsAr } from "../../../widget/views/questions/messages/ar.ts";
import { de as questionsDe } from "../../../widget/views/questions/messages/de.ts";
import { es as questionsEs } from "../../../widget/views/questions/messages/es.ts";
import { fr as questionsFr } from "../../../widget/views/questions/messages/fr.ts";
import * as parts from "../../../widget/parts.ts";
import { API } from "../fixtures.ts";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

type Catalogue = Record<string, string>;

/** Every scope: English, the reference, and every other language's catalogue of it. */
const SCOPES: Record<string, { en: Catalogue; languages: Record<string, Catalogue> }> = {
  common: { en, languages: { de, fr, es, ar } },
  tracking: { en: trackingEn, languages: { de: trackingDe, fr: trackingFr, es: trackingEs, ar: trackingAr } },
  feedback: { en: feedbackEn, languages: { de: feedbackDe, fr: feedbackFr, es: feedbackEs, ar: feedbackAr } },
  "review-extras": { en: extrasEn, languages: { de: extrasDe, fr: extrasFr, es: extrasEs, ar: extrasAr } },
  reviews: { en: reviewsEn, languages: { de: reviewsDe, fr: reviewsFr, es: reviewsEs, ar: reviewsAr } },
  questions: { en: questionsEn, languages: { de: questionsDe, fr: questionsFr, es: questionsEs, ar: questionsAr } },
};

describe("message catalogues", () => {
  it("every language with parts has a catalogue for every scope, and nothing else does", () => {
    for (const { languages } of Object.values(SCOPES)) expect(Object.keys(languages).sort()).toEqual([...LANGUAGES].sort());
  });

  for (const [scope, { en: english, languages }] of Object.entries(SCOPES)) {
    for (const [lang, catalogue] of Object.entries(languages)) {
      it(`${scope}.${lang} has exactly the English keys`, () => {
        expect(Object.keys(catalogue).sort()).toEqual(Object.keys(english).sort());
      });

      it(`${scope}.${lang}: every message is filled in, translated, with the same placeholders`, () => {
        for (const key of Object.keys(english)) {
          expect(catalogue[key]?.trim(), key).toBeTruthy();
          expect(placeholders(catalogue[key] ?? ""), key).toEqual(placeholders(english[key]!));
        }
      });

      it(`${scope}.${lang} is what parts/${scope}.${lang}.js serves`, async () => {
        expect(await loadLanguagePart(API, `${lang}-XX`, scope, english)).toEqual(catalogue);
      });
    }
  }

  it("loads the catalogue by language and falls back to English", async () => {
    expect(await loadMessages(API, "de-AT")).toEqual(de);
    expect(await loadMessages(API, "DE")).toEqual(de);
    expect(await loadMessages(API, "fr-CA")).toEqual(fr);
    expect(await loadMessages(API, "es-MX")).toEqual(es);
    expect(await loadMessages(API, "ar-EG")).toEqual(ar);
    // English is what the view's module carries: all of it in confirmation and tracking, what every view
    // says in the others (a German part still brings every key).
    expect(await loadMessages(API, "it-IT", en)).toEqual(en);
    expect(await loadMessages(API, "en-GB", en)).toEqual(en);
    expect(await loadMessages(API, "en-GB")).toEqual(enCommon);
    expect(await loadMessages(API, "de-DE", enCommon)).toEqual(de);
  });

  it("a key missing from a language's part reads English", async () => {
    // A part built from an older catalogue (or a new key not yet translated): the shopper still gets a sentence.
    const { retry: _, ...partial } = fr;
    vi.spyOn(parts, "importPart").mockResolvedValueOnce({ fr: partial });
    const messages = await loadMessages(API, "fr-FR");
    expect(messages.retry).toBe(en.retry);
    expect(messages.thanks).toBe(fr.thanks);
    expect(createI18n("fr-FR", messages).t("retry")).toBe("Try again");
  });

  it("a part that cannot be fetched reads English", async () => {
    vi.spyOn(parts, "importPart").mockRejectedValueOnce(new TypeError("Failed to fetch"));
    expect(await loadFeedbackText(API, "es-ES").then((ft) => ft("back"))).toBe(feedbackEn.back);
  });

  it("fills placeholders", () => {
    expect(createI18n("en-US", en).t("orderNumber", { number: "1042" })).toBe("Order 1042");
    expect(createI18n("de-DE", de).t("orderNumber", { number: "1042" })).toBe("Bestellung 1042");
    expect(createI18n("fr-FR", fr).t("orderNumber", { number: "1042" })).toBe("Commande 1042");
    expect(createI18n("ar-EG", ar).t("orderNumber", { number: "1042" })).toBe("الطلب 1042");
  });

  it("plural categories come from Intl; every category but one reads the Other form", () => {
    const arabic = createI18n("ar-EG", ar);
    const categories = [0, 1, 2, 3, 11, 100].map((n) => plural(arabic, n));
    expect(categories).toEqual([0, 1, 2, 3, 11, 100].map((n) => new Intl.PluralRules("ar-EG").select(n)));
    expect(new Set(categories).size).toBeGreaterThan(2); // Arabic has more than one and other
    expect(plural(createI18n("fr-FR", fr), 0)).toBe("one"); // French counts zero as one
  });
});
