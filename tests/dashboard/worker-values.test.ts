/**
 * The worker's values as the dashboard shows them (words.ts valueWords): every value of every list the
 * dashboard words (a moment's kind, a parcel's status, a segment, a reason…) is worded in every language,
 * not left as sent, nor in English in a translation, unless it is the same word there (a brand, "SMS");
 * a value the dashboard does not know yet reads as sent, underscores as spaces; and counts take the
 * spoken language's plural rules.
 */
import { afterAll, describe, expect, it } from "vitest";
import { MOMENT_KINDS, OUTBOUND_EVENT_TYPES } from "../../contract/outbound.ts";
import { AUDIT_ACTIONS, SETTINGS_SECTIONS } from "../../contract/self-service.ts";
import { ATTRIBUTION_CHANNELS, QUESTION_TYPES, SURVEY_AUDIENCES } from "../../contract/surveys.ts";
import {
  PARCEL_RISKS,
  PLACEMENTS,
  REVIEW_STATUSES,
  ROLES,
  SCOPES,
  SHIPMENT_STATUSES,
  STANDOUTS,
  UPDATE_CHANNELS,
} from "../../contract/vocabularies.ts";
import { roleInWords } from "../../dashboard/access.ts";
import { offerPlacementInWords, orderSourceInWords, segmentInWords, standoutInWords } from "../../dashboard/app.tsx";
import { channelInWords as attributionChannelInWords } from "../../dashboard/attribution.tsx";
import { connectionStatusInWords } from "../../dashboard/connections.tsx";
import { deadLetterReasonInWords, vendorName } from "../../dashboard/dead-letters.tsx";
import { destinationStatusInWords } from "../../dashboard/deliveries.tsx";
import { scopeInWords } from "../../dashboard/keys.tsx";
import { ar } from "../../dashboard/languages/ar.ts";
import { type DASHBOARD_LANGUAGES, speak } from "../../dashboard/language.ts";
import { channelInWords, reviewStatusInWords } from "../../dashboard/orders.tsx";
import { providerInWords, registrationStatusInWords, riskInWords } from "../../dashboard/parcels.tsx";
import { auditActionInWords, sectionInWords } from "../../dashboard/settings.tsx";
import { audienceInWords, questionTypeInWords } from "../../dashboard/survey-draft.ts";
import {
  eventInWords,
  feedbackEventInWords,
  momentInWords,
  momentOutcomeInWords,
  momentReasonInWords,
  momentStatusInWords,
  shipmentStatusInWords,
} from "../../dashboard/vocabulary.ts";
import { byCount, wordsOf } from "../../dashboard/words.ts";
import { deliveriesWords } from "../../dashboard/words/deliveries.ts";

type Language = (typeof DASHBOARD_LANGUAGES)[number] | "en";
const LANGUAGES: Language[] = ["en", "de", "fr", "es", "ar"];

afterAll(() => speak("en"));

interface Enumeration {
  words: ((value: string) => string) & { values: readonly string[] };
  /** The contract's list, where it has one: the dashboard must know every value of it. */
  listed?: readonly string[];
  /** Values a translation words as they are sent, or as English words them: a brand, or the same word there. */
  sameWord?: Partial<Record<Exclude<Language, "en">, readonly string[]>>;
}

/** The same word in every translation. */
const everywhere = (values: readonly string[]) => ({ de: values, fr: values, es: values, ar: values });
const BRANDS = ["instagram", "tiktok", "facebook", "youtube"];

// Without `listed`: lists the contract does not spell out (the worker's own, named beside each helper).

const ENUMERATIONS: Record<string, Enumeration> = {
  "lifecycle moments": { words: momentInWords, listed: MOMENT_KINDS },
  "lifecycle moments' statuses": { words: momentStatusInWords },
  "reasons a moment was not sent": { words: momentReasonInWords },
  "parcel statuses": { words: shipmentStatusInWords, listed: SHIPMENT_STATUSES },
  "feedback events": { words: feedbackEventInWords, listed: OUTBOUND_EVENT_TYPES.filter((t) => !t.startsWith("moment.")) },
  "customer segments": { words: segmentInWords },
  "order sources": { words: orderSourceInWords, sameWord: everywhere(["shopify", "woocommerce"]) },
  "offer placements": { words: offerPlacementInWords, listed: PLACEMENTS },
  "what slowed a shopper down": { words: standoutInWords, listed: STANDOUTS },
  "delivery-update channels": { words: channelInWords, listed: UPDATE_CHANNELS, sameWord: { de: ["sms"], fr: ["sms"], es: ["sms"] } },
  "review statuses": { words: reviewStatusInWords, listed: REVIEW_STATUSES },
  "parcel risks": { words: riskInWords, listed: PARCEL_RISKS },
  "tracking aggregators": { words: providerInWords, sameWord: everywhere(["easypost", "aftership"]) },
  "tracking registrations": { words: registrationStatusInWords },
  "destinations' connections": { words: destinationStatusInWords },
  "connection statuses": { words: connectionStatusInWords },
  "webhook vendors": { words: vendorName, sameWord: everywhere(["shopify", "woocommerce"]) },
  "dead letter reasons": { words: deadLetterReasonInWords },
  "API key scopes": { words: scopeInWords, listed: SCOPES },
  roles: { words: roleInWords, listed: ROLES, sameWord: { de: ["analyst", "support"], fr: ["support"] } },
  "audit actions": { words: auditActionInWords, listed: AUDIT_ACTIONS },
  "settings sections": { words: sectionInWords, listed: SETTINGS_SECTIONS, sameWord: { de: ["branding", "analytics"] } },
  "attribution channels": {
    words: attributionChannelInWords,
    listed: ATTRIBUTION_CHANNELS,
    sameWord: {
      de: [...BRANDS, "podcast", "influencer"],
      fr: [...BRANDS, "podcast"],
      es: [...BRANDS, "podcast", "influencer"],
      ar: BRANDS,
    },
  },
  "survey question types": { words: questionTypeInWords, listed: QUESTION_TYPES },
  "survey audiences": { words: audienceInWords, listed: SURVEY_AUDIENCES },
};

// Read before any test speaks another language.
const ENGLISH = Object.fromEntries(
  Object.entries(ENUMERATIONS).map(([name, e]) => [name, Object.fromEntries(e.words.values.map((v) => [v, e.words(v)]))]),
);

const asSent = (value: string) => value.replace(/_/g, " ").toLowerCase();

describe.each(Object.entries(ENUMERATIONS))("%s", (name, e) => {
  if (e.listed)
    it("is worded for every value the contract lists", () => {
      expect([...e.words.values].sort()).toEqual([...(e.listed ?? [])].sort());
    });

  it.each(LANGUAGES)("is worded in %s, every value", async (lang) => {
    await speak(lang);
    const problems: string[] = [];
    for (const value of e.words.values) {
      const wording = e.words(value);
      // English is the language the values are spelled in: its wording may be the value itself ("Delivered").
      if (!wording.trim()) problems.push(`${value}: empty`);
      else if (lang === "en" || e.sameWord?.[lang]?.includes(value)) continue;
      else if (asSent(wording) === asSent(value)) problems.push(`${value}: as sent, "${wording}"`);
      else if (wording === ENGLISH[name]![value]) problems.push(`${value}: in English, "${wording}"`);
    }
    expect(problems).toEqual([]);
  });

  it("reads a value it does not know as sent, underscores as spaces", async () => {
    await speak("de");
    expect(e.words("sent_by_a_newer_worker")).toBe("sent by a newer worker");
  });
});

describe("events and moments in words", () => {
  it.each([
    ["en", "moment.order_confirmed", "Order confirmed"],
    ["fr", "moment.order_confirmed", "Commande confirmée"],
    ["de", "survey.detractor", "Unzufriedene Umfrageantwort"],
    ["ar", "review.created", "تمت كتابة مراجعة"],
    // Not known yet: its own words, rather than nothing.
    ["de", "moment.back_in_stock", "Back in stock"],
    ["es", "order.refunded", "Order refunded"],
  ] as const)("%s: %s reads %s", async (lang, type, words) => {
    await speak(lang);
    expect(eventInWords(type)).toBe(words);
  });

  it.each([
    ["en", { status: "suppressed", reason: "no_marketing_consent" }, "Not sent: no marketing consent"],
    ["fr", { status: "suppressed", reason: "opted_out" }, "Non envoyé : le client ne souhaite pas de nouvelles"],
    ["de", { status: "sent", reason: null }, "Gesendet"],
    ["es", { status: "withdrawn", reason: "no_longer_due" }, "Retirado: ya no procede"],
    ["en", { status: "parked", reason: "store_closed" }, "parked: store closed"],
  ] as const)("%s: %j reads %s", async (lang, moment, words) => {
    await speak(lang);
    expect(momentOutcomeInWords(moment)).toBe(words);
  });
});

describe("counts in the spoken language's plural rules", () => {
  const tries = (n: number) => wordsOf(deliveriesWords).count(n, "triesOne", "triesOther");

  it.each([
    // English and German: one for 1 only; French: 0 and 1; Spanish: 1 (a million is "many": other).
    ["en", 0, "other"],
    ["en", 1, "one"],
    ["en", 2, "other"],
    ["de", 0, "other"],
    ["fr", 0, "one"],
    ["fr", 1, "one"],
    ["fr", 2, "other"],
    ["fr", 1_000_000, "other"],
    ["es", 0, "other"],
    ["es", 1, "one"],
    // Arabic: zero, two, few (3–10), many (11–99) and other all take the Other wording.
    ["ar", 0, "other"],
    ["ar", 1, "one"],
    ["ar", 2, "other"],
    ["ar", 3, "other"],
    ["ar", 11, "other"],
    ["ar", 100, "other"],
  ] as const)("%s: %d takes %s", async (lang, n, form) => {
    await speak(lang);
    expect(byCount(n, { one: "one", other: "other" })).toBe(form);
  });

  it("says 0 in the singular in French, and in the plural in English", async () => {
    await speak("en");
    expect(tries(0)).toBe("0 tries");
    await speak("fr");
    expect(tries(0)).toBe("0 tentative");
    expect(tries(2)).toBe("2 tentatives");
  });

  it("words every Arabic count but one without a noun after its figure", () => {
    // A plural noun after a figure is right only from 3 to 10 ("5 رسائل"; 2 takes the dual, 11 and more
    // the singular), so each Other wording names its figure after the noun: "عدد الرسائل: {count}".
    const figureThenWord = /\{\w+\} ?[\u0621-\u064A]/;
    const problems: string[] = [];
    for (const [screen, words] of Object.entries(ar) as [string, Record<string, string>][])
      for (const [key, text] of Object.entries(words))
        if (key.endsWith("Other") && `${key.slice(0, -"Other".length)}One` in words && figureThenWord.test(text))
          problems.push(`${screen}.${key}: ${text}`);
    expect(problems).toEqual([]);
  });
});
