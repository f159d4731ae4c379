/**
 * Review photos' rows (issue 24): which review a stored object belongs to, its type and size. The bytes
 * are in the R2 bucket PHOTOS under the row's key; services/review-photos.ts writes and deletes them.
 */
import type { PhotoType } from "../domain/photos/image.ts";
import { prepare, sql, type Statement } from "./statement.ts";

export const MAX_PHOTOS_PER_REVIEW = 3;

export interface StoredPhoto {
  key: string;
  width?: number;
  height?: number;
}

interface PhotoRow {
  key: string;
  position: number;
  width: number | null;
  height: number | null;
}

const stored = (row: PhotoRow): StoredPhoto => ({
  key: row.key,
  ...(row.width ? { width: row.width } : {}),
  ...(row.height ? { height: row.height } : {}),
});

/** The review of an order's item and its photos, or null when the item has no review yet. */
export async function reviewPhotos(
  db: D1Database,
  storeId: string,
  orderId: string,
  sku: string,
): Promise<{ photos: StoredPhoto[]; positions: number[] } | null> {
  const [review, photos] = await db.batch([
    prepare(db, sql(`SELECT 1 AS found FROM reviews WHERE store_id = ? AND order_id = ? AND sku = ?`, storeId, orderId, sku)),
    prepare(
      db,
      sql(
        `SELECT key, position, width, height FROM review_photos WHERE store_id = ? AND order_id = ? AND sku = ? ORDER BY position`,
        storeId,
        orderId,
        sku,
      ),
    ),
  ]);
  if (!review?.results.length) return null;
  const rows = (photos?.results ?? []) as PhotoRow[];
  return { photos: rows.map(stored), positions: rows.map((r) => r.position) };
}

/**
 * A photo's row, in the first free position of its review. The position is chosen in SQL, so two
 * uploads at once cannot both take the third place: the CHECK refuses a fourth (position 4), and the
 * UNIQUE constraint a duplicate.
 */
export const photoStatement = (
  photo: { key: string; storeId: string; orderId: string; sku: string; type: PhotoType; bytes: number; width: number; height: number },
  now: string,
): Statement =>
  sql(
    `INSERT INTO review_photos (key, store_id, order_id, sku, position, content_type, bytes, width, height, created_at)
     VALUES (?1, ?2, ?3, ?4,
       (SELECT min(p) FROM (SELECT 1 AS p UNION SELECT 2 UNION SELECT 3 UNION SELECT 4)
        WHERE p NOT IN (SELECT position FROM review_photos WHERE store_id = ?2 AND order_id = ?3 AND sku = ?4)),
       ?5, ?6, ?7, ?8, ?9)`,
    photo.key,
    photo.storeId,
    photo.orderId,
    photo.sku,
    photo.type,
    photo.bytes,
    photo.width,
    photo.height,
    now,
  );

/** A photo the public may fetch: its type, when its review is published and its customer not erased. */
export async function publicPhoto(db: D1Database, key: string): Promise<{ contentType: PhotoType } | null> {
  const row = await prepare(
    db,
    sql(
      `SELECT p.content_type FROM review_photos AS p
       JOIN reviews AS r ON r.store_id = p.store_id AND r.order_id = p.order_id AND r.sku = p.sku
       WHERE p.key = ? AND r.status = 'published'`,
      key,
    ),
  ).first<{ content_type: PhotoType }>();
  return row ? { contentType: row.content_type } : null;
}

/**
 * A shopper takes one photo off their review: the row goes and its object is queued for deletion, in one
 * transaction (nothing serves it from then on). Changes nothing when the key is not this review's.
 */
export const removePhotoStatements = (owner: { storeId: string; orderId: string; sku: string }, key: string, now: string): Statement[] => {
  const where = `store_id = ? AND order_id = ? AND sku = ? AND key = ?`;
  const params = [owner.storeId, owner.orderId, owner.sku, key] as const;
  return [
    sql(
      `INSERT OR IGNORE INTO photo_deletions (key, store_id, queued_at) SELECT key, store_id, ? FROM review_photos WHERE ${where}`,
      now,
      ...params,
    ),
    sql(`DELETE FROM review_photos WHERE ${where}`, ...params),
  ];
};

/** R2 objects whose rows are gone (an erasure), oldest first. */
export async function queuedPhotoDeletions(db: D1Database, limit: number): Promise<string[]> {
  const { results } = await prepare(db, sql(`SELECT key FROM photo_deletions ORDER BY queued_at LIMIT ?`, limit)).all<{ key: string }>();
  return results.map((r) => r.key);
}

/** Forgets queued deletions once their objects are gone. */
export const photoDeletionsDoneStatement = (keys: string[]): Statement =>
  sql(`DELETE FROM photo_deletions WHERE key IN (SELECT value FROM json_each(?))`, JSON.stringify(keys));
