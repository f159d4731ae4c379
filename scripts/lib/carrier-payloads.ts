/**
 * Webhook bodies shaped field for field like the vendors' documented examples (EasyPost `Event` with a
 * `Tracker` result; AfterShip tracking webhook with `msg` and checkpoints), and signatures computed as
 * each vendor documents them. Shared by the worker tests, the end-to-end tests and the demo's carrier
 * simulator, which post them exactly as the vendors would.
 */
import { toBase64, toHex } from "../../worker/crypto/encoding.ts";
import { hmacSha256 } from "../../worker/crypto/hmac.ts";

export interface EasyPostScan {
  status: string;
  statusDetail: string;
  message: string;
  datetime: string;
  city?: string;
  state?: string;
  country?: string;
  zip?: string;
}

let sequence = 0;
const fakeId = (prefix: string) =>
  `${prefix}_${Date.now().toString(16)}${(sequence++).toString(16).padStart(6, "0")}${crypto.randomUUID().replace(/-/g, "").slice(0, 10)}`;

/** An EasyPost `tracker.updated` Event whose tracker has gone through `scans` (oldest first). */
export function easyPostTrackerEvent(options: {
  trackingCode: string;
  carrier?: string;
  scans: EasyPostScan[];
  estDeliveryDate?: string | null;
  eventId?: string;
  updatedAt?: string;
}) {
  const last = options.scans.at(-1);
  const updatedAt = options.updatedAt ?? last?.datetime ?? new Date().toISOString();
  const location = (scan: EasyPostScan) => ({
    object: "TrackingLocation",
    city: scan.city ?? null,
    state: scan.state ?? null,
    country: scan.country ?? null,
    zip: scan.zip ?? null,
  });
  return {
    description: "tracker.updated",
    mode: "test",
    previous_attributes: { status: options.scans.at(-2)?.status ?? "unknown" },
    created_at: updatedAt,
    pending_urls: ["https://doorstep.example/v1/webhooks/easypost/acme"],
    completed_urls: [],
    updated_at: updatedAt,
    id: options.eventId ?? fakeId("evt"),
    user_id: "user_060ab38db3c04ffaa60f262e5781a9be",
    status: "pending",
    object: "Event",
    result: {
      id: "trk_c8e0edb5bb284caa934a0d3db23a148z",
      object: "Tracker",
      mode: "test",
      tracking_code: options.trackingCode,
      status: last?.status ?? "unknown",
      status_detail: last?.statusDetail ?? "unknown",
      created_at: options.scans[0]?.datetime ?? updatedAt,
      updated_at: updatedAt,
      signed_by: last?.status === "delivered" ? "J SMITH" : null,
      weight: null,
      est_delivery_date: options.estDeliveryDate === undefined ? null : options.estDeliveryDate,
      shipment_id: null,
      carrier: options.carrier ?? "USPS",
      tracking_details: options.scans.map((scan) => ({
        object: "TrackingDetail",
        message: scan.message,
        description: "",
        status: scan.status,
        status_detail: scan.statusDetail,
        datetime: scan.datetime,
        source: options.carrier ?? "USPS",
        carrier_code: "",
        tracking_location: location(scan),
      })),
      carrier_detail: {
        object: "CarrierDetail",
        service: "Ground Advantage",
        container_type: null,
        est_delivery_date_local: null,
        est_delivery_time_local: null,
        origin_location: "PORTLAND OR, 97201",
        origin_tracking_location: { object: "TrackingLocation", city: "PORTLAND", state: "OR", country: "US", zip: "97201" },
        destination_location: "SEATTLE WA, 98101",
        destination_tracking_location: { object: "TrackingLocation", city: "SEATTLE", state: "WA", country: "US", zip: "98101" },
        guaranteed_delivery_date: null,
        alternate_identifier: null,
        initial_delivery_attempt: null,
      },
      finalized: last?.status === "delivered",
      is_return: false,
      public_url: `https://track.easypost.com/djE6dHJrX2M4ZTBlZGI1YmIyODRjYWE5MzRhMGQzZGIyM2ExNDh6`,
      fees: [],
    },
  };
}

export interface AfterShipCheckpoint {
  tag: string;
  subtag: string;
  subtagMessage?: string;
  message: string;
  /** Local time with offset, as AfterShip sends `checkpoint_time`. */
  time: string;
  city?: string;
  countryName?: string;
  countryIso3?: string;
}

/** An AfterShip `tracking_update` webhook for a tracking that has gone through `checkpoints`. */
export function afterShipTrackingUpdate(options: {
  trackingNumber: string;
  slug?: string;
  checkpoints: AfterShipCheckpoint[];
  expectedDelivery?: string | null;
  eventId?: string;
  updatedAt?: string;
  event?: string;
}) {
  const last = options.checkpoints.at(-1);
  const updatedAt = options.updatedAt ?? new Date(Date.parse(last?.time ?? new Date().toISOString())).toISOString();
  return {
    event: options.event ?? "tracking_update",
    event_id: options.eventId ?? crypto.randomUUID(),
    is_tracking_first_tag: true,
    msg: {
      id: "6a0f4b1e2c3d4e5f60718293",
      tracking_number: options.trackingNumber,
      slug: options.slug ?? "dhl",
      active: last?.tag !== "Delivered",
      android: [],
      custom_fields: null,
      customer_name: null,
      destination_country_iso3: "DEU",
      emails: [],
      expected_delivery: null,
      ios: [],
      note: null,
      order_id: null,
      order_id_path: null,
      origin_country_iso3: "DEU",
      shipment_package_count: 1,
      shipment_pickup_date: options.checkpoints[0]?.time ?? null,
      shipment_delivery_date: last?.tag === "Delivered" ? last.time : null,
      shipment_type: "Paket",
      shipment_weight: null,
      shipment_weight_unit: null,
      signed_by: null,
      smses: [],
      source: "api",
      tag: last?.tag ?? "Pending",
      subtag: last?.subtag ?? "Pending_001",
      subtag_message: last?.subtagMessage ?? "Pending",
      title: options.trackingNumber,
      tracked_count: options.checkpoints.length,
      last_mile_tracking_supported: null,
      language: null,
      return_to_sender: false,
      latest_estimated_delivery: options.expectedDelivery
        ? { type: "specific", source: "Carrier provided", datetime: options.expectedDelivery, datetime_min: null, datetime_max: null }
        : null,
      courier_tracking_link: `https://www.dhl.de/de/privatkunden/dhl-sendungsverfolgung.html?piececode=${options.trackingNumber}`,
      checkpoints: options.checkpoints.map((c) => ({
        slug: options.slug ?? "dhl",
        city: c.city ?? null,
        created_at: updatedAt,
        location: c.city && c.countryName ? `${c.city}, ${c.countryName}` : null,
        country_name: c.countryName ?? null,
        message: c.message,
        country_iso3: c.countryIso3 ?? null,
        tag: c.tag,
        subtag: c.subtag,
        subtag_message: c.subtagMessage ?? c.tag,
        checkpoint_time: c.time,
        coordinates: [],
        state: null,
        zip: null,
        raw_tag: c.subtag,
      })),
      created_at: options.checkpoints[0]?.time ?? updatedAt,
      updated_at: updatedAt,
    },
    ts: Math.floor(Date.parse(updatedAt) / 1000),
  };
}

const bytes = (text: string) => new TextEncoder().encode(text);

/** `X-Hmac-Signature` as EasyPost computes it: hex HMAC-SHA256 of the raw body, secret NFKD-normalised. */
export async function easyPostSignature(secret: string, body: string) {
  return `hmac-sha256-hex=${toHex(await hmacSha256(secret.normalize("NFKD"), bytes(body)))}`;
}

/** `aftership-hmac-sha256` as AfterShip computes it: base64 HMAC-SHA256 of the raw body. */
export async function afterShipSignature(secret: string, body: string) {
  return toBase64(await hmacSha256(secret, bytes(body)));
}

/** Headers for posting `body` as the vendor would. */
export async function signedHeaders(vendor: "easypost" | "aftership", secret: string, body: string): Promise<Record<string, string>> {
  return vendor === "easypost"
    ? {
        "Content-Type": "application/json",
        "X-Hmac-Signature": await easyPostSignature(secret, body),
        "User-Agent": "EasyPost WebHook Agent 1.0",
      }
    : {
        "Content-Type": "application/json",
        "aftership-hmac-sha256": await afterShipSignature(secret, body),
        "User-Agent": "aftership-webhook",
      };
}
