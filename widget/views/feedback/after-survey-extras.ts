/**
 * after-survey.ts with the review form that takes photos and asks how to sign (review-extras.tsx): in
 * the review module at once, and in the survey's module as the chunk it fetches once answered. The
 * modules with the order views (tracking, app) carry the plain form.
 */
import { loadOffers, Offers } from "../../ui/offers.tsx";
import { register } from "./after-slot.ts";
import { ReviewFormExtras } from "./review-extras.tsx";

register({ ReviewForm: ReviewFormExtras, Offers, loadOffers });
