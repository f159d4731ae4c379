/**
 * Every view in one module (`views/app.js`), for a page that shows views of several modules (a thank-you
 * page with the confirmation and a survey): one file, one Preact, gzip reusing what the views share. A
 * page with one view fetches that view's own module instead (widget/views/modules.ts). Names the
 * contract does not know are drawn here too, as a notice.
 */
import type { MountView } from "../context.ts";
// The review form and offers after the survey's answers, inside this module (feedback/after-survey.ts).
import "./feedback/after-survey.ts";
import { mount as confirmation } from "./confirmation.tsx";
import { mount as feedback } from "./feedback.tsx";
import { mount as notice } from "./notice-view.tsx";
import { mount as offers } from "./offers-view.tsx";
import { mount as tracking } from "./tracking.tsx";

const VIEWS: Record<string, MountView> = { confirmation, tracking, lookup: tracking, survey: feedback, review: feedback, offers };

/** Draws `ctx.view`; the notice covers names the contract does not know. */
export const mount: MountView = (root, ctx) => (VIEWS[ctx.view] ?? notice)(root, ctx);
