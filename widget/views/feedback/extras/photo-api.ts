/**
 * The review photos' requests, beside the form that makes them (review-extras.tsx): through api.ts's
 * `request`, but in this code's own chunk, so the survey's first question does not carry them.
 */
import type { PhotoAccepted } from "../../../../contract/reviews.ts";
import { request } from "../../../api.ts";

const path = encodeURIComponent;

/**
 * `POST /v1/o/{token}/reviews/{sku}/photos`: the image itself as the body, once the item's review is
 * saved. With the order's bookmark, so the read that finds the review sees the write that saved it.
 */
export const addReviewPhoto = (api: string, token: string, sku: string, file: Blob) =>
  request<PhotoAccepted>(
    `${api}/v1/o/${path(token)}/reviews/${path(sku)}/photos`,
    { method: "POST", headers: { "Content-Type": file.type }, body: file },
    undefined,
    token,
  );

/** `DELETE /v1/o/{token}/reviews/{sku}/photos/{key}`: one photo off the review, at once. */
export const removeReviewPhoto = (api: string, token: string, sku: string, key: string) =>
  request<{ photos: PhotoAccepted["photos"] }>(
    `${api}/v1/o/${path(token)}/reviews/${path(sku)}/photos/${path(key)}`,
    { method: "DELETE" },
    undefined,
    token,
  );
