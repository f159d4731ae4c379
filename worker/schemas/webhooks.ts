/**
 * The parts of the vendors' webhook bodies Doorstep reads. Everything else they send is kept (the raw
 * body is stored) but not required, so a vendor adding fields never breaks the endpoint.
 */
import { z } from "zod";

const text = z.string().max(2000).nullish();

/** EasyPost `TrackingDetail` inside a `Tracker`. */
const easyPostDetail = z.looseObject({
  message: text,
  description: text,
  status: z.string().max(64),
  status_detail: z.string().max(64).nullish(),
  datetime: z.string().max(64),
  source: text,
  tracking_location: z.looseObject({ city: text, state: text, country: text, zip: text }).nullish(),
});

/** EasyPost `Event` object (webhook body); trackers arrive as `tracker.created`/`tracker.updated`. */
export const easyPostEvent = z.looseObject({
  object: z.literal("Event"),
  id: z.string().min(1).max(128),
  description: z.string().max(128),
  created_at: z.string().max(64).nullish(),
  updated_at: z.string().max(64).nullish(),
  result: z.looseObject({
    object: z.string().max(64).nullish(),
    tracking_code: z.string().min(1).max(128).nullish(),
    carrier: z.string().max(64).nullish(),
    status: z.string().max(64).nullish(),
    status_detail: z.string().max(64).nullish(),
    est_delivery_date: z.string().max(64).nullish(),
    updated_at: z.string().max(64).nullish(),
    public_url: z.string().max(2048).nullish(),
    carrier_detail: z.looseObject({ est_delivery_date_local: z.string().max(64).nullish() }).nullish(),
    tracking_details: z.array(easyPostDetail).max(1000).nullish(),
  }),
});
export type EasyPostEvent = z.infer<typeof easyPostEvent>;

/** AfterShip checkpoint inside a tracking. */
const afterShipCheckpoint = z.looseObject({
  checkpoint_time: z.string().max(64),
  tag: z.string().max(64),
  subtag: z.string().max(64).nullish(),
  message: text,
  location: text,
  city: text,
  state: text,
  country_name: text,
  country_region_name: text,
  hash: z.string().max(128).nullish(),
});

const estimate = z
  .looseObject({
    datetime: z.string().max(64).nullish(),
    datetime_min: z.string().max(64).nullish(),
    datetime_max: z.string().max(64).nullish(),
  })
  .nullish();

/** AfterShip tracking webhook body (`tracking_update`, `edd_revise`, …). */
export const afterShipWebhook = z.looseObject({
  event: z.string().max(64),
  event_id: z.string().min(1).max(128),
  ts: z.number().nullish(),
  msg: z.looseObject({
    tracking_number: z.string().min(1).max(128),
    slug: z.string().max(64).nullish(),
    tag: z.string().max(64).nullish(),
    subtag: z.string().max(64).nullish(),
    updated_at: z.string().max(64).nullish(),
    expected_delivery: z.string().max(64).nullish(),
    latest_estimated_delivery: estimate,
    courier_tracking_link: z.string().max(2048).nullish(),
    checkpoints: z.array(afterShipCheckpoint).max(1000).nullish(),
  }),
});
export type AfterShipWebhook = z.infer<typeof afterShipWebhook>;
