/**
 * What the survey shows once it is answered: the review form and the offers for the survey placement,
 * in the modules that draw the order views (tracking, app): they import this file, so it is inside them
 * and ready at the first render (it registers itself in after-slot.ts as it is evaluated). The review
 * and survey modules have after-survey-extras.ts instead (the form with photos and a signature): the
 * survey's module (`views/survey.js`) loads it when the shopper starts answering, so a survey page
 * paints its first question from the survey's code alone.
 */
import { loadOffers, Offers } from "../../ui/offers.tsx";
import { register } from "./after-slot.ts";
import { ReviewForm } from "./review-form.tsx";

register({ ReviewForm, Offers, loadOffers });
