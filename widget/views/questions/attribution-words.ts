/**
 * The attribution question's words in English: all the confirmation view needs to ask "How did you hear
 * about us?" by itself (views/confirmation/attribution.tsx), without the question module. The question
 * module's catalogue (messages.ts) is these and more, and other languages stay one part for both
 * (parts/questions.<lang>.js): one catalogue, read by whichever draws the question.
 */
import { loadLanguagePart, viewText, type ViewText } from "../../i18n/index.ts";

export const attributionEn = {
  attribution: "How did you hear about us?",
  ch_search: "Search engine",
  ch_instagram: "Instagram",
  ch_tiktok: "TikTok",
  ch_facebook: "Facebook",
  ch_youtube: "YouTube",
  ch_podcast: "Podcast",
  ch_friend_family: "Friend or family",
  ch_influencer: "Influencer or creator",
  ch_email: "Email",
  ch_tv_radio: "TV or radio",
  ch_other: "Other",
  otherText: "Tell us more",
  optional: "(optional)",
  send: "Send",
  thanks: "Thanks for telling us!",
  failed: "That didn't save: {message}",
};

export type AttributionKey = keyof typeof attributionEn;
export type AttributionText = ViewText<AttributionKey>;

/** The attribution words in `locale`: the questions part without the question module's code (English inline). */
export const loadAttributionText = async (api: string, locale: string): Promise<AttributionText> =>
  viewText(await loadLanguagePart(api, locale, "questions", attributionEn));
