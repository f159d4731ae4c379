/**
 * The review view's module (`views/review.js`): the feedback views' code with the review form inside,
 * drawn at once, with photos and the choice of signature (feedback/after-survey-extras.ts). The
 * survey's module (`views/survey.js`) fetches the same form only once answered.
 */
import "./feedback/after-survey-extras.ts";

export { mount } from "./feedback.tsx";
