/**
 * Reviews as the public and the merchant read them (issue 24): a product's published reviews and their
 * aggregate, the product's facts for JSON-LD and the Google feed, the moderation list, decisions and
 * replies, and the published share per star. The public reads select published reviews only and never
 * an email, order id, customer id or token: a review is known outside by its public id.
 */
import type { ModeratedReview } from "../../contract/reviews.ts";
import type { ModerationReason, ReviewAuthorChoice, ReviewSort, ReviewStatus } from "../../contract/vocabularies.ts";
import type { ProductFacts, StoredPublicReview } from "../domain/reviews/public.ts";
import type { ModerationInput } from "../schemas/reviews.ts";
import { prepare, sql, type Statement } from "./statement.ts";

/** The photos of review `r`, in order, as a JSON array (one subquery, no extra round trip). */
const PHOTOS_OF_R = `(SELECT json_group_array(json_object('key', p.key, 'width', p.width, 'height', p.height))
  FROM (SELECT key, width, height FROM review_photos
        WHERE store_id = r.store_id AND order_id = r.order_id AND sku = r.sku ORDER BY position) AS p)`;

const PUBLIC_COLUMNS = `r.public_id, r.rating, r.title, r.body, r.author, c.first_name, c.last_name, r.created_at,
  r.reply_body, r.reply_created_at, r.reply_updated_at, ${PHOTOS_OF_R} AS photos`;

const FROM_REVIEWS = `FROM reviews AS r LEFT JOIN customers AS c ON c.store_id = r.store_id AND c.id = r.customer_id`;

const ORDER_BY: Record<ReviewSort, string> = {
  newest: `r.created_at DESC, r.public_id`,
  highest: `r.rating DESC, r.created_at DESC, r.public_id`,
  lowest: `r.rating ASC, r.created_at DESC, r.public_id`,
  photos: `EXISTS (SELECT 1 FROM review_photos WHERE store_id = r.store_id AND order_id = r.order_id AND sku = r.sku) DESC, r.created_at DESC, r.public_id`,
};

interface PublicRow {
  public_id: string;
  rating: number;
  title: string | null;
  body: string | null;
  author: ReviewAuthorChoice;
  first_name: string | null;
  last_name: string | null;
  created_at: string;
  reply_body: string | null;
  reply_created_at: string | null;
  reply_updated_at: string | null;
  photos: string;
}

const storedReview = (row: PublicRow): StoredPublicReview => ({
  id: row.public_id,
  rating: row.rating,
  title: row.title,
  body: row.body,
  authorChoice: row.author,
  firstName: row.first_name,
  lastName: row.last_name,
  createdAt: row.created_at,
  replyBody: row.reply_body,
  replyCreatedAt: row.reply_created_at,
  replyUpdatedAt: row.reply_updated_at,
  photos: JSON.parse(row.photos) as StoredPublicReview["photos"],
});

/** A product's published reviews per star and one page of them, in one round trip. */
export async function publishedReviewPage(
  db: D1Database,
  storeId: string,
  sku: string,
  { sort, page, pageSize }: { sort: ReviewSort; page: number; pageSize: number },
): Promise<{ perStar: Record<number, number>; reviews: StoredPublicReview[] }> {
  const [stars, rows] = await db.batch([
    prepare(
      db,
      sql(
        `SELECT rating, count(*) AS n FROM reviews WHERE store_id = ? AND sku = ? AND status = 'published' GROUP BY rating`,
        storeId,
        sku,
      ),
    ),
    prepare(
      db,
      sql(
        `SELECT ${PUBLIC_COLUMNS} ${FROM_REVIEWS} WHERE r.store_id = ? AND r.sku = ? AND r.status = 'published'
         ORDER BY ${ORDER_BY[sort]} LIMIT ? OFFSET ?`,
        storeId,
        sku,
        pageSize,
        (page - 1) * pageSize,
      ),
    ),
  ]);
  const perStar: Record<number, number> = {};
  for (const row of (stars?.results ?? []) as { rating: number; n: number }[]) perStar[row.rating] = row.n;
  return { perStar, reviews: ((rows?.results ?? []) as PublicRow[]).map(storedReview) };
}

interface ProductRow {
  sku: string;
  name: string | null;
  url: string | null;
  image_url: string | null;
  brand: string | null;
  gtin: string | null;
  mpn: string | null;
}

const productFactsOf = (row: ProductRow): ProductFacts | null =>
  row.name
    ? {
        sku: row.sku,
        name: row.name,
        ...(row.url ? { url: row.url } : {}),
        ...(row.image_url ? { imageUrl: row.image_url } : {}),
        ...(row.brand ? { brand: row.brand } : {}),
        ...(row.gtin ? { gtin: row.gtin } : {}),
        ...(row.mpn ? { mpn: row.mpn } : {}),
      }
    : null;

/** The newest order line of a sku: its name, page and image when the catalogue does not have the product. */
const LINE_OF = (column: string, sku: string) =>
  `(SELECT ${column} FROM order_lines l JOIN orders o ON o.store_id = l.store_id AND o.id = l.order_id
    WHERE l.store_id = ?1 AND l.sku = ${sku} AND l.${column} IS NOT NULL ORDER BY o.placed_at DESC LIMIT 1)`;

/** What the catalogue says of a product, or failing it the newest order line; null when the sku was never sold. */
export async function productFacts(db: D1Database, storeId: string, sku: string): Promise<ProductFacts | null> {
  const row = await prepare(
    db,
    sql(
      `SELECT ?2 AS sku,
         coalesce((SELECT name FROM products WHERE store_id = ?1 AND sku = ?2), ${LINE_OF("name", "?2")}) AS name,
         coalesce((SELECT url FROM products WHERE store_id = ?1 AND sku = ?2), ${LINE_OF("url", "?2")}) AS url,
         coalesce((SELECT image_url FROM products WHERE store_id = ?1 AND sku = ?2), ${LINE_OF("image_url", "?2")}) AS image_url,
         (SELECT brand FROM products WHERE store_id = ?1 AND sku = ?2) AS brand,
         (SELECT gtin FROM products WHERE store_id = ?1 AND sku = ?2) AS gtin,
         (SELECT mpn FROM products WHERE store_id = ?1 AND sku = ?2) AS mpn`,
      storeId,
      sku,
    ),
  ).first<ProductRow>();
  return row ? productFactsOf(row) : null;
}

/** Reviews the Google feed carries at most (newest first); Google takes files up to 100 MB. */
export const FEED_LIMIT = 20_000;

/**
 * The store's published reviews with words, newest first, each with its product's facts; reviews of
 * products without a known page are left out (the feed requires the product's URL).
 */
export async function feedReviews(
  db: D1Database,
  storeId: string,
): Promise<{ review: StoredPublicReview; product: ProductFacts & { url: string } }[]> {
  const { results } = await prepare(
    db,
    sql(
      `SELECT ${PUBLIC_COLUMNS}, r.sku,
         coalesce(pr.name, ${LINE_OF("name", "r.sku")}) AS product_name,
         coalesce(pr.url, ${LINE_OF("url", "r.sku")}) AS product_url,
         pr.image_url AS product_image, pr.brand, pr.gtin, pr.mpn
       ${FROM_REVIEWS} LEFT JOIN products AS pr ON pr.store_id = r.store_id AND pr.sku = r.sku
       WHERE r.store_id = ?1 AND r.status = 'published' AND (r.body IS NOT NULL OR r.title IS NOT NULL)
       ORDER BY r.created_at DESC LIMIT ${FEED_LIMIT}`,
      storeId,
    ),
  ).all<PublicRow & { sku: string; product_name: string | null; product_url: string | null; product_image: string | null } & ProductRow>();
  return results.flatMap((row) => {
    const product = productFactsOf({ ...row, name: row.product_name, url: row.product_url, image_url: row.product_image });
    return product?.url ? [{ review: storedReview(row), product: { ...product, url: product.url } }] : [];
  });
}

// ---------------------------------------------------------------------------------------------------
// The merchant's side

interface ModerationRow extends PublicRow {
  sku: string;
  status: ReviewStatus;
  moderation_reason: ModerationReason | null;
  moderated_by: ModeratedReview["moderatedBy"] | null;
  moderated_at: string | null;
  updated_at: string;
}

const MODERATION_COLUMNS = `${PUBLIC_COLUMNS}, r.sku, r.status, r.moderation_reason, r.moderated_by, r.moderated_at, r.updated_at`;

/** A review as the merchant sees it: the public fields, and where it stands. */
export interface StoredModeratedReview {
  review: StoredPublicReview;
  sku: string;
  status: ReviewStatus;
  moderationReason?: ModerationReason;
  moderatedBy?: ModeratedReview["moderatedBy"];
  moderatedAt?: string;
  updatedAt: string;
}

const moderated = (row: ModerationRow): StoredModeratedReview => ({
  review: storedReview(row),
  sku: row.sku,
  status: row.status,
  ...(row.moderation_reason ? { moderationReason: row.moderation_reason } : {}),
  ...(row.moderated_by ? { moderatedBy: row.moderated_by } : {}),
  ...(row.moderated_at ? { moderatedAt: row.moderated_at } : {}),
  updatedAt: row.updated_at,
});

/** One page of the store's reviews (newest first), of one status and/or one rating, and how many there are. */
export async function moderationPage(
  db: D1Database,
  storeId: string,
  filter: { status?: ReviewStatus; rating?: number },
  page: number,
  pageSize: number,
): Promise<{ total: number; reviews: StoredModeratedReview[] }> {
  const where = `r.store_id = ?1 AND (?2 IS NULL OR r.status = ?2) AND (?3 IS NULL OR r.rating = ?3)`;
  const params = [storeId, filter.status ?? null, filter.rating ?? null] as const;
  const [count, rows] = await db.batch([
    prepare(db, sql(`SELECT count(*) AS n FROM reviews AS r WHERE ${where}`, ...params)),
    prepare(
      db,
      sql(
        `SELECT ${MODERATION_COLUMNS} ${FROM_REVIEWS} WHERE ${where} ORDER BY r.created_at DESC, r.public_id LIMIT ?4 OFFSET ?5`,
        ...params,
        pageSize,
        (page - 1) * pageSize,
      ),
    ),
  ]);
  return {
    total: ((count?.results ?? [])[0] as { n: number } | undefined)?.n ?? 0,
    reviews: ((rows?.results ?? []) as ModerationRow[]).map(moderated),
  };
}

/** One review of the store by its public id, or null. */
export async function moderatedReviewById(db: D1Database, storeId: string, id: string): Promise<StoredModeratedReview | null> {
  const row = await prepare(
    db,
    sql(`SELECT ${MODERATION_COLUMNS} ${FROM_REVIEWS} WHERE r.store_id = ? AND r.public_id = ?`, storeId, id),
  ).first<ModerationRow>();
  return row ? moderated(row) : null;
}

/**
 * The merchant's decision on one review: publish (the reason is cleared), or reject with a stated
 * reason; who decided (`api_key` or `dashboard`) and when are recorded with it.
 */
export const moderationStatement = (
  storeId: string,
  id: string,
  decision: ModerationInput,
  by: "api_key" | "dashboard",
  now: string,
): Statement =>
  sql(
    `UPDATE reviews SET status = ?, moderation_reason = ?, moderated_by = ?, moderated_at = ?, updated_at = ?
     WHERE store_id = ? AND public_id = ?`,
    decision.action === "publish" ? "published" : "rejected",
    decision.action === "reject" ? decision.reason : null,
    by,
    now,
    now,
    storeId,
    id,
  );

/** The merchant's one public reply, created, replaced (keeping when it was first written) or removed (null). */
export const replyStatement = (storeId: string, id: string, body: string | null, now: string): Statement =>
  body === null
    ? sql(
        `UPDATE reviews SET reply_body = NULL, reply_created_at = NULL, reply_updated_at = NULL WHERE store_id = ? AND public_id = ?`,
        storeId,
        id,
      )
    : sql(
        `UPDATE reviews SET reply_body = ?1,
           reply_updated_at = CASE WHEN reply_created_at IS NULL THEN NULL ELSE ?2 END,
           reply_created_at = coalesce(reply_created_at, ?2)
         WHERE store_id = ?3 AND public_id = ?4`,
        body,
        now,
        storeId,
        id,
      );

/** Reviews per rating, status and reason: what the published share per star is worked out from. */
export async function reviewStatusCounts(
  db: D1Database,
  storeId: string,
): Promise<{ rating: number; status: ReviewStatus; reason: ModerationReason | null; n: number }[]> {
  const { results } = await prepare(
    db,
    sql(
      `SELECT rating, status, moderation_reason AS reason, count(*) AS n FROM reviews WHERE store_id = ? GROUP BY rating, status, moderation_reason`,
      storeId,
    ),
  ).all<{ rating: number; status: ReviewStatus; reason: ModerationReason | null; n: number }>();
  return results;
}
