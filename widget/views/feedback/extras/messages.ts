/**
 * The words of the review form's photos and signature (review-extras.tsx), only in the modules that
 * draw them (review, survey). English ships inline; other languages are parts
 * (parts/review-extras.<lang>.js) with exactly English's keys.
 */
import { loadLanguagePart, viewText, type ViewText } from "../../../i18n/index.ts";

const en = {
  sign: "Sign my reviews with",
  signName: "My first name and last initial",
  signAnonymous: "Anonymous",
  photos: "Photos (optional, up to 3)",
  photo: "Photo {n}",
  remove: "Remove",
  removeNamed: "Remove {name}",
  notImage: "{name} isn't a JPEG, PNG or WebP photo.",
  tooLarge: "{name} is larger than 5 MB.",
  tooMany: "Up to 3 photos per item.",
  uploading: "Adding your photos…",
  notUploaded: "Your reviews are saved, but {name} couldn't be added. Please try again.",
  notRemoved: "That photo couldn't be removed. Please try again.",
};

export type ExtrasKey = keyof typeof en;
export type ExtrasMessages = Record<ExtrasKey, string>;
export type ExtrasText = ViewText<ExtrasKey>;

export const extrasEn: ExtrasMessages = en;

export const extrasText = (messages: ExtrasMessages = en): ExtrasText => viewText(messages);

export const loadExtrasText = async (api: string, locale: string) => extrasText(await loadLanguagePart(api, locale, "review-extras", en));
