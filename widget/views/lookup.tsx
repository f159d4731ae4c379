/**
 * `data-doorstep="lookup"`: the tracking view's lookup form, even on a page whose URL carries a token
 * (a "find another order" page). It shares the tracking chunk's code.
 */
import type { MountView } from "../context.ts";
import { mount as mountTracking } from "./tracking.tsx";

export const mount: MountView = (root, ctx) => mountTracking(root, { ...ctx, token: undefined });
