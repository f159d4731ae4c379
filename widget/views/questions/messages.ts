/**
 * What a merchant's survey says around the merchant's own wording: the attribution question and its
 * channels, the rating and NPS anchors, the steps' buttons and errors. English ships inside the lazily
 * loaded question module; other languages are parts (parts/questions.<lang>.js), with exactly these keys.
 */
import { loadLanguagePart, viewText, type ViewText } from "../../i18n/index.ts";

const en = {
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
  r1: "Very poor",
  r2: "Poor",
  r3: "Okay",
  r4: "Good",
  r5: "Excellent",
  npsLow: "0: Not at all likely",
  npsHigh: "10: Extremely likely",
  anyApply: "Choose all that apply.",
  optional: "(optional)",
  textLabel: "Your answer",
  progress: "Question {n} of {total}",
  next: "Next",
  back: "Back",
  skip: "Skip",
  send: "Send",
  required: "Please answer this question.",
  thanks: "Thanks for telling us!",
  done: "Thank you! Your answers help us get better.",
  failed: "That didn't save: {message}",
};

export type QuestionKey = keyof typeof en;
export type QuestionMessages = Record<QuestionKey, string>;
export type QuestionText = ViewText<QuestionKey>;

export const questionsEn: QuestionMessages = en;

export const loadQuestionText = async (api: string, locale: string): Promise<QuestionText> =>
  viewText(await loadLanguagePart(api, locale, "questions", en));
