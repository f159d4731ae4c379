/**
 * The review view's module (`views/review.js`): the feedback views' code with the review form inside,
 * drawn at once. The survey's module (`views/survey.js`) fetches the review form only once answered.
 */
import "./feedback/after-survey.ts";

export { mount } from "./feedback.tsx";
