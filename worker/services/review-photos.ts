/**
 * Review photos (issue 24): a shopper's upload is sniffed and stripped of its metadata
 * (domain/photos/image.ts) before anything is stored; the clean bytes go to the R2 bucket PHOTOS and the
 * row to D1. Served only while the review is published; an erased customer's objects are deleted from
 * the queue their erasure left (storage/erasure.ts).
 */
import { randomToken } from "../crypto/random.ts";
import { markShard } from "../domain/shards.ts";
import { shardOf } from "./shards.ts";
import { cleanPhoto, type PhotoProblem, type PhotoType } from "../domain/photos/image.ts";
import { applyChanges } from "../storage/changes.ts";
import {
  MAX_PHOTOS_PER_REVIEW,
  photoDeletionsDoneStatement,
  photoStatement,
  publicPhoto,
  queuedPhotoDeletions,
  removePhotoStatements,
  reviewPhotos,
  type StoredPhoto,
} from "../storage/review-photos.ts";

const EXTENSION: Record<PhotoType, string> = { "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp" };

export type PhotoOutcome =
  | { ok: true; photo: StoredPhoto; photos: StoredPhoto[] }
  | { ok: false; problem: PhotoProblem | "review_not_found" | "too_many_photos"; detail: string };

/** Stores one photo of the review of an order's item, cleaned; refuses a fourth or a file that is not a photo. */
export async function addReviewPhoto(
  env: Pick<Env, "DB" | "PHOTOS">,
  owner: { storeId: string; orderId: string; sku: string },
  upload: Uint8Array,
  now: Date,
): Promise<PhotoOutcome> {
  // The bytes are judged first: a file that is no photo is refused before the database is asked anything.
  const cleaned = cleanPhoto(upload);
  if (!cleaned.ok) return cleaned;
  const review = await reviewPhotos(env.DB, owner.storeId, owner.orderId, owner.sku);
  if (!review) return { ok: false, problem: "review_not_found", detail: "Write the review of this item before adding photos." };
  if (review.photos.length >= MAX_PHOTOS_PER_REVIEW) {
    return { ok: false, problem: "too_many_photos", detail: `A review has at most ${MAX_PHOTOS_PER_REVIEW} photos.` };
  }
  const { type, bytes, width, height } = cleaned.photo;
  // The key carries the store's shard (domain/shards.ts): GET /v1/photos/{key} is answered from it.
  const key = `ph_${markShard(shardOf(env), randomToken(18))}.${EXTENSION[type]}`;
  // The object first: a row never points at nothing. Should the row fail (a fourth photo racing in),
  // the object is deleted again.
  await env.PHOTOS.put(key, bytes, { httpMetadata: { contentType: type } });
  try {
    await applyChanges(env.DB, [photoStatement({ key, ...owner, type, bytes: bytes.length, width, height }, now.toISOString())]);
  } catch (error) {
    await env.PHOTOS.delete(key);
    const after = await reviewPhotos(env.DB, owner.storeId, owner.orderId, owner.sku);
    if (after && after.photos.length >= MAX_PHOTOS_PER_REVIEW) {
      return { ok: false, problem: "too_many_photos", detail: `A review has at most ${MAX_PHOTOS_PER_REVIEW} photos.` };
    }
    throw error;
  }
  const photo: StoredPhoto = { key, width, height };
  return { ok: true, photo, photos: [...review.photos, photo] };
}

/** Takes one photo off the review of an order's item; the remaining photos, or null when it has no such photo. */
export async function removeReviewPhoto(
  env: Pick<Env, "DB" | "PHOTOS">,
  owner: { storeId: string; orderId: string; sku: string },
  key: string,
  now: Date,
): Promise<StoredPhoto[] | null> {
  const results = await applyChanges(env.DB, removePhotoStatements(owner, key, now.toISOString()));
  if (!results[1]?.meta.changes) return null;
  // The object goes now; what fails here the minute cron retries from the queue.
  await purgeDeletedPhotos(env).catch(() => console.error("doorstep: deleting a removed review photo failed; the cron retries"));
  return (await reviewPhotos(env.DB, owner.storeId, owner.orderId, owner.sku))?.photos ?? [];
}

/** A published review's photo, from R2; null when there is none to show (unknown, not published, erased). */
export async function photoForPublic(env: Pick<Env, "DB" | "PHOTOS">, key: string) {
  const row = await publicPhoto(env.DB, key);
  if (!row) return null;
  const object = await env.PHOTOS.get(key);
  return object ? { body: object.body, contentType: row.contentType, size: object.size } : null;
}

/** Deletes the R2 objects of erased customers' photos, then forgets them; answers how many went. */
export async function purgeDeletedPhotos(env: Pick<Env, "DB" | "PHOTOS">, limit = 500): Promise<number> {
  const keys = await queuedPhotoDeletions(env.DB, limit);
  if (!keys.length) return 0;
  // R2 deletes up to 1000 keys per call.
  await env.PHOTOS.delete(keys);
  await applyChanges(env.DB, [photoDeletionsDoneStatement(keys)]);
  return keys.length;
}
