/**
 * The dashboard's language: the merchant's browser's, when the dashboard has it, else English. Figures,
 * dates and money already follow the browser's full locale (format.ts); this is the words.
 */
import { CATALOGUES, type Translation } from "./catalogues.ts";

/** Languages with a translation of their own (dashboard/languages/<lang>.ts); English is built in. */
export const DASHBOARD_LANGUAGES = ["de", "fr", "es", "ar"] as const;
type Language = (typeof DASHBOARD_LANGUAGES)[number];

const TRANSLATIONS: Record<Language, () => Promise<Translation>> = {
  de: () => import("./languages/de.ts").then((m) => m.de),
  fr: () => import("./languages/fr.ts").then((m) => m.fr),
  es: () => import("./languages/es.ts").then((m) => m.es),
  ar: () => import("./languages/ar.ts").then((m) => m.ar),
};

let spoken: Language | "en" = "en";

/** The built-in English, kept whole: speaking English again after another language writes it back. */
const ENGLISH = structuredClone(CATALOGUES) as Translation;

/** The language the dashboard speaks now ("en" until `speak` has run). */
export const spokenLanguage = (): Language | "en" => spoken;

/**
 * A label ("After delivery", "Survey answered") inside a sentence: its first letter lower case, as
 * English, French and Spanish write common nouns there (an acronym stays: "URL de la página de estado",
 * "status page URL"); German capitalises every noun, so its labels stay as they are.
 */
export const midSentence = (label: string): string =>
  spoken === "de" ? label : label.replace(/^\p{Lu}(?!\p{Lu})/u, (first) => first.toLowerCase());

/** The dashboard's language for the browser's list of languages (`navigator.languages`). */
export function languageFor(preferred: readonly string[]): Language | "en" {
  for (const tag of preferred) {
    const lang = tag.toLowerCase().split("-")[0];
    if (lang === "en") return "en";
    if ((DASHBOARD_LANGUAGES as readonly string[]).includes(lang ?? "")) return lang as Language;
  }
  return "en";
}

/**
 * Speaks `lang` from now on: its translation written over the catalogues, the page marked with it (and
 * its direction) and named in it. Run before the screens' modules are evaluated: some build their labels once, when
 * loaded. A translation that cannot be fetched leaves the language as it was (English: better than
 * nothing). Plurals follow the language spoken (words.ts byCount).
 */
export async function speak(lang: Language | "en"): Promise<void> {
  if (lang === spoken) return;
  try {
    const translation = lang === "en" ? ENGLISH : await TRANSLATIONS[lang]();
    for (const screen of Object.keys(CATALOGUES) as (keyof Translation)[]) Object.assign(CATALOGUES[screen], translation[screen]);
    document.documentElement.lang = lang;
    document.title = CATALOGUES.app.pageTitle;
    // admin.css is written in logical properties (inline-start, not left): Arabic mirrors the layout.
    document.documentElement.dir = lang === "ar" ? "rtl" : "ltr";
    spoken = lang;
  } catch {
    /* as it was, then */
  }
}
