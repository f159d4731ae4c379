/**
 * The survey view's module (`views/survey.js`): the feedback views' code, which fetches the review form
 * and offers (feedback/after-survey.ts, a chunk next to this module) once the shopper starts answering.
 * Only this module imports that file on demand: the others have it inside, and no import() to carry.
 */
import { fetchAfterSurvey } from "./feedback/after-slot.ts";

fetchAfterSurvey(() => import("./feedback/after-survey.ts"));

export { mount } from "./feedback.tsx";
