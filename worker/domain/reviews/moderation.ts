/**
 * The automatic half of review moderation (issue 24). A review is published as written unless its text
 * breaks one of the stated policies, and then it waits in the merchant's queue with that reason:
 *   personal_data  an email address or a phone number (the shopper's or anyone's)
 *   offensive      a word of the curated lists below (whole words, any of the store's languages)
 *   link           a URL or a bare web address
 *   spam           the same word over and over, or one character held down
 * The rating is never looked at: a one-star review is published exactly like a five-star one
 * (FTC 16 CFR 465.7 forbids suppressing reviews by their rating). Pure, and table-tested.
 */
import type { ModerationReason } from "../../../contract/vocabularies.ts";

/** Policy reasons in the order they are reported when a text breaks several. */
const ORDER: readonly ModerationReason[] = ["personal_data", "offensive", "link", "spam"];

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/u;

/** A run that could be a phone number: digits with spaces, dots, dashes, slashes or brackets between. */
const PHONE_RUN = /\+?\(?\d[\d\s()./-]{5,}\d/g;
/** Dates and times are digit runs too; they are not phone numbers. */
const DATE_LIKE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$/;

/** A scheme, `www.`, or a host name ending in a common top-level domain. */
const LINK =
  /\b(?:https?:\/\/|ftp:\/\/|www\.)\S|\b[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.(?:com|net|org|info|biz|io|co|shop|store|online|site|xyz|top|ru|cn|de|fr|es|it|nl|uk|us|ly|gl|me|app)(?:\/\S*)?\b/i;

/**
 * Offensive words per language, kept short and deliberate: slurs and the strongest profanity only, so
 * an honest complaint ("the sole is crap") is published. Every list applies to every review (a store
 * sells in several languages, and a review does not say its own), so a word that is harmless in another
 * of these languages stays off (Spanish "negro", Dutch "kanker", Italian "cono"). Matched as whole words
 * after folding case and accents, so "Scunthorpe" and "assistant" pass.
 */
export const OFFENSIVE_WORDS: Readonly<Record<string, readonly string[]>> = {
  en: [
    "fuck",
    "fucking",
    "fucked",
    "fucker",
    "motherfucker",
    "shit",
    "shitty",
    "bullshit",
    "cunt",
    "asshole",
    "bitch",
    "bastard",
    "dickhead",
    "wanker",
    "twat",
    "slut",
    "whore",
    "retard",
    "retarded",
    "faggot",
    "nigger",
    "nigga",
    "spic",
    "kike",
    "chink",
    "tranny",
  ],
  de: ["scheisse", "scheiss", "arschloch", "fotze", "hurensohn", "wichser", "schlampe", "missgeburt", "spast", "kanake"],
  fr: ["merde", "putain", "connard", "connasse", "salope", "encule", "pute", "batard", "nique"],
  es: ["mierda", "puta", "puto", "cabron", "gilipollas", "pendejo", "maricon", "joder", "hijueputa", "culero"],
  it: ["cazzo", "stronzo", "stronza", "vaffanculo", "puttana", "frocio", "merda", "coglione"],
  nl: ["kut", "klootzak", "hoer", "mongool"],
};

/** Lower case without accents: "Scheiße" → "scheisse", "Enculé" → "encule". */
const fold = (text: string) => text.toLowerCase().replace(/ß/g, "ss").normalize("NFKD").replace(/\p{M}/gu, "");

const FOLDED_WORDS = new Set(Object.values(OFFENSIVE_WORDS).flatMap((words) => words.map(fold)));

function hasPhoneNumber(text: string): boolean {
  for (const match of text.matchAll(PHONE_RUN)) {
    const run = match[0].trim();
    const digits = run.replace(/\D/g, "").length;
    if (digits < 7 || digits > 15) continue;
    if (DATE_LIKE.test(run)) continue;
    return true;
  }
  return false;
}

function hasOffensiveWord(text: string): boolean {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .some((word) => word && FOLDED_WORDS.has(word));
}

/** The same word six times running, or one character eight times: what a keyboard does, not a review. */
function isSpam(text: string): boolean {
  if (/(\S)\1{7,}/u.test(text)) return true;
  const words = fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  let run = 1;
  for (let i = 1; i < words.length; i++) {
    run = words[i] === words[i - 1] ? run + 1 : 1;
    if (run >= 6) return true;
  }
  return false;
}

/** Every policy a review's words break (title and body together), in the order of `ORDER`; empty when none. */
export function moderationReasons(...texts: (string | undefined | null)[]): ModerationReason[] {
  const text = texts.filter(Boolean).join("\n");
  if (!text.trim()) return [];
  const found = new Set<ModerationReason>();
  if (EMAIL.test(text) || hasPhoneNumber(text)) found.add("personal_data");
  if (hasOffensiveWord(text)) found.add("offensive");
  if (LINK.test(text.replace(EMAIL, " "))) found.add("link");
  if (isSpam(text)) found.add("spam");
  return ORDER.filter((reason) => found.has(reason));
}

/** Where a shopper's review goes: published, or the queue with the first reason found. Never by rating. */
export function automaticDecision(review: { title?: string | null; body?: string | null }): {
  status: "published" | "pending";
  reason?: ModerationReason;
} {
  const [reason] = moderationReasons(review.title, review.body);
  return reason ? { status: "pending", reason } : { status: "published" };
}
