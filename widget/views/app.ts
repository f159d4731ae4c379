/**
 * The views module (`views/app.js`): every view in one file. Measured, one file is about a kilobyte
 * smaller gzipped than a chunk per view (they share CSS, markup and runtime that gzip can only reuse
 * within a file), a shopper's later pages (tracking, then the survey) find it cached, and a view can
 * show another inside it (the survey in tracking, offers everywhere) without a second request.
 */
import type { MountView } from "../context.ts";
import { mount as confirmation } from "./confirmation.tsx";
import { mount as feedback } from "./feedback.tsx";
import { mount as notice } from "./notice-view.tsx";
import { mount as offers } from "./offers-view.tsx";
import { mount as tracking } from "./tracking.tsx";

const VIEWS: Record<string, MountView> = { confirmation, tracking, lookup: tracking, survey: feedback, review: feedback, offers };

/** Draws `ctx.view`; the notice covers names the contract does not know. */
export const mount: MountView = (root, ctx) => (VIEWS[ctx.view] ?? notice)(root, ctx);
