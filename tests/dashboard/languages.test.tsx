/**
 * The dashboard in the merchant's language: which language a browser gets, every translation whole (the
 * type checks the keys; this checks what the type cannot: the placeholders, the edges that are appended
 * to other words), and a screen drawn in German once `speak` has run.
 */
import { cleanup, render } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import type { Access } from "../../dashboard/access.ts";
import { CATALOGUES, type Translation } from "../../dashboard/catalogues.ts";
import { ar } from "../../dashboard/languages/ar.ts";
import { de } from "../../dashboard/languages/de.ts";
import { es } from "../../dashboard/languages/es.ts";
import { fr } from "../../dashboard/languages/fr.ts";
import { type DASHBOARD_LANGUAGES, languageFor, speak } from "../../dashboard/language.ts";

afterEach(cleanup);

// Copied before any test speaks another language over them.
const ENGLISH = structuredClone(CATALOGUES) as Translation;
const TRANSLATIONS: Record<(typeof DASHBOARD_LANGUAGES)[number], Translation> = { de, fr, es, ar };

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const edges = (text: string) => [/^\s*/.exec(text)![0], /\s*$/.exec(text)![0]];

describe("the dashboard's language", () => {
  it.each([
    [["de-AT"], "de"],
    [["fr-CA", "en"], "fr"],
    [["es-MX"], "es"],
    [["ar-EG"], "ar"],
    [["en-GB", "de"], "en"],
    [["it-IT", "es"], "es"],
    [["pt-BR"], "en"],
    [[], "en"],
  ])("%j reads %s", (preferred, lang) => {
    expect(languageFor(preferred)).toBe(lang);
  });

  describe.each(Object.entries(TRANSLATIONS))("%s", (_lang, translation) => {
    it("has every screen and key of English, each with English's placeholders and edges", () => {
      const problems: string[] = [];
      for (const [screen, words] of Object.entries(ENGLISH)) {
        const theirs = (translation as Record<string, Record<string, string>>)[screen] ?? {};
        expect(Object.keys(theirs).sort(), screen).toEqual(Object.keys(words).sort());
        for (const [key, english] of Object.entries(words as Record<string, string>)) {
          const text = theirs[key] ?? "";
          if (english.trim() && !text.trim()) problems.push(`${screen}.${key} is empty`);
          if (placeholders(text).join() !== placeholders(english).join()) problems.push(`${screen}.${key}: placeholders ${text}`);
          if (edges(text).join("|") !== edges(english).join("|")) problems.push(`${screen}.${key}: edges of "${text}"`);
        }
      }
      expect(problems).toEqual([]);
    });
  });

  it("draws a screen in German once spoken, and marks the page with it", async () => {
    await speak("de");
    expect(document.documentElement.lang).toBe("de");
    expect(document.title).toBe("Doorstep-Dashboard");
    // Imported after `speak`, as main.tsx does.
    const { OrdersScreen } = await import("../../dashboard/orders.tsx");
    const access: Access = { role: "owner", scopes: ["orders:write"] };
    const screen = render(<OrdersScreen credential="k" access={access} />);
    expect(screen.getByRole("heading", { level: 2 }).textContent).toBe(de.orders.findOrder);
    expect(de.orders.findOrder).not.toBe(ENGLISH.orders.findOrder);
    // Languages a survey is worded in are named in German too.
    const { languageName } = await import("../../dashboard/survey-draft.ts");
    expect(languageName("fr")).toBe("Französisch");
  });
});
