/**
 * The survey view's module (`views/survey.js`): the survey's questions, then, once answered, the review
 * form with photos and the choice of signature as a chunk of its own (feedback/after-survey-extras.ts).
 * The module with every view (`views/app.js`) has the survey too, with the plain review form.
 */
import { fetchPartsWith } from "./feedback/after-slot.ts";

fetchPartsWith(() => import("./feedback/after-survey-extras.ts"));

export { mount } from "./feedback.tsx";
