/**
 * Surveys as the worker shows them (`GET /v1/o/{token}` → `surveys.<placement>`, contract/surveys.ts), and a
 * `fetch` that answers `POST /v1/o/{token}/survey` the way the contract says: the answers so far and
 * whether every required question is answered.
 */
import { vi } from "vitest";
import type { OrderView } from "../../../contract/order-view.ts";
import type { ShownQuestion, SurveyAnswerInput, SurveyAnswerValue, SurveyShown } from "../../../contract/surveys.ts";
import { API, TOKEN, json, orderView } from "../fixtures.ts";

/** One question of every type, the attribution question with the built-in wording. */
export const EVERY_TYPE: ShownQuestion[] = [
  { id: "overall", type: "rating", text: { en: "How was it overall?", fr: "Comment était-ce ?" }, optional: false },
  { id: "recommend", type: "nps", text: { en: "Would you recommend us?", de: "Würden Sie uns empfehlen?" }, optional: false },
  {
    id: "fit",
    type: "single_choice",
    text: { en: "How did it fit?", "fr-CA": "Le format vous va-t-il?", fr: "La taille vous va-t-elle ?" },
    optional: false,
    options: [
      { id: "small", text: { en: "Too small", fr: "Trop petit" } },
      { id: "right", text: { en: "Just right", fr: "Parfait" } },
      { id: "large", text: { en: "Too large", fr: "Trop grand" } },
    ],
    other: true,
    randomize: false,
  },
  {
    id: "used_for",
    type: "multiple_choice",
    text: { en: "What do you use it for?" },
    optional: true,
    options: [
      { id: "hiking", text: { en: "Hiking" } },
      { id: "commuting", text: { en: "Commuting" } },
      { id: "travel", text: { en: "Travel" } },
    ],
    other: true,
    randomize: false,
  },
  { id: "anything", type: "short_text", text: { en: "Anything else?" }, optional: true },
  { id: "heard", type: "attribution", text: null, optional: false, other: true, randomize: false },
];

export function shown(placement: SurveyShown["placement"], questions: ShownQuestion[], answers: SurveyShown["answers"] = {}): SurveyShown {
  const required = questions.filter((q) => !q.optional).map((q) => q.id);
  return { placement, version: 3, builtIn: false, questions, answers, completed: required.every((id) => answers[id] !== undefined) };
}

/** The built-in attribution question alone, as the thank-you page asks it. */
export const attributionOnly = (randomize = false) =>
  shown("confirmation", [{ id: "attribution", type: "attribution", text: null, optional: false, other: true, randomize }]);

/** The order with its surveys and the store's analytics setting. */
export function orderWithSurveys(
  surveys: Partial<Record<SurveyShown["placement"], SurveyShown>>,
  dataLayer = false,
  base = orderView(),
): OrderView {
  return { ...base, surveys, store: { ...base.store, analytics: { dataLayer } } } as OrderView;
}

/**
 * `fetch` answering like the worker for `order`: the order view, per-question answers (kept, so a later
 * answer sees the earlier ones; `refuse` names question ids the worker refuses), review invitations and
 * events accepted. Answers the posted bodies.
 */
export function surveyWorker(order: OrderView, refuse: string[] = []) {
  const posts: SurveyAnswerInput[] = [];
  const all = (order as OrderView & { surveys: Record<string, SurveyShown> }).surveys;
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (url.startsWith(`${API}/v1/o/${TOKEN}?`) || url === `${API}/v1/o/${TOKEN}`) return json(200, order);
    if (url === `${API}/v1/o/${TOKEN}/survey`) {
      const body = JSON.parse(String(init?.body)) as SurveyAnswerInput;
      posts.push(body);
      if (refuse.includes(body.questionId))
        return json(422, { error: { code: "invalid_answer", message: "That answer is not one of the options." } });
      const survey = all[body.placement]!;
      survey.answers = { ...survey.answers, [body.questionId]: body.value as SurveyAnswerValue };
      survey.completed = survey.questions.every((q) => q.optional || survey.answers[q.id] !== undefined);
      return json(200, {
        placement: body.placement,
        version: survey.version,
        questionId: body.questionId,
        answers: survey.answers,
        completed: survey.completed,
      });
    }
    if (url.includes("/events")) {
      const ids = (JSON.parse(String(init?.body)) as { id: string }[]).map((e) => e.id);
      return json(200, { accepted: ids, duplicates: [] });
    }
    if (url.includes("/offers")) return json(200, { placement: "survey", offers: [] });
    return json(404, { error: { code: "not_found", message: "Not found." } });
  });
  vi.stubGlobal("fetch", fetch);
  return posts;
}
