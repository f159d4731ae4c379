/**
 * What the survey shows once it is answered: the review form and the offers for the survey placement.
 * The survey's module (`views/survey.js`, views/survey.ts) loads this part when the shopper starts answering, so a
 * survey page paints its first question from the survey's code alone. Modules that draw the review
 * form at once (review, tracking, app) import this file, so it is inside them and ready at the first
 * render (it registers itself in after-slot.ts as it is evaluated).
 */
import { loadOffers, Offers } from "../../ui/offers.tsx";
import { register } from "./after-slot.ts";
import { ReviewForm } from "./review-form.tsx";

register({ ReviewForm, Offers, loadOffers });
