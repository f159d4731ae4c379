/**
 * Review photos, made safe to publish (issue 24): the format is sniffed from the bytes (never taken from
 * a file name or a Content-Type), the structure is walked, and the metadata a phone writes into a photo
 * (GPS position, camera make and model, serial numbers, dates, thumbnails, editing history) is dropped
 * before anyone else can fetch it. Pixels are never decoded or re-encoded: the image data is copied
 * byte for byte, so nothing about the picture changes but what it says about its author.
 *
 * JPEG  segments walked from SOI to EOI. Kept: APP0 JFIF/JFXX, APP2 ICC_PROFILE (colours), APP14 Adobe
 *       (how CMYK/YCCK is decoded), and the picture's own segments (tables, frames, scans); a marker of
 *       any other kind makes the file refused, never copied. Dropped: APP1
 *       (Exif, XMP), APP13 (Photoshop/IPTC), every other APPn, and comments (COM). One thing of the Exif
 *       is worth keeping: its Orientation, without which a phone's upright photo shows on its side, so
 *       an Orientation other than 1 comes back as a new, minimal Exif block holding that tag alone.
 * PNG   chunks walked from the signature to IEND. Dropped: eXIf, tEXt, iTXt, zTXt, tIME and every
 *       other chunk that does not draw the picture.
 * WebP  RIFF chunks walked. Dropped: EXIF, "XMP " and any chunk that does not draw the picture; the
 *       VP8X flags that announced them are cleared and the RIFF size is written anew.
 * Pure, and table-tested (tests/worker/domain/photos.test.ts).
 */

export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

/** Wider or taller than this is refused: no phone takes such a photo, and a viewer would choke on it. */
export const MAX_PHOTO_DIMENSION = 12_000;

export interface CleanPhoto {
  type: PhotoType;
  bytes: Uint8Array;
  width: number;
  height: number;
}

/** Why a file is not taken as a photo. */
export type PhotoProblem = "not_an_image" | "malformed_image" | "image_too_large";

export type CleanResult = { ok: true; photo: CleanPhoto } | { ok: false; problem: PhotoProblem; detail: string };

class Malformed extends Error {}

/** The format by its magic bytes, or null. */
export function sniffPhotoType(bytes: Uint8Array): PhotoType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return "image/png";
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP") return "image/webp";
  return null;
}

/** Sniffs, checks and strips a photo's metadata. */
export function cleanPhoto(input: Uint8Array): CleanResult {
  const type = sniffPhotoType(input);
  if (!type) return { ok: false, problem: "not_an_image", detail: "The file is not a JPEG, PNG or WebP image." };
  try {
    const cleaned = type === "image/jpeg" ? cleanJpeg(input) : type === "image/png" ? cleanPng(input) : cleanWebp(input);
    const { width, height } = cleaned;
    if (!(width > 0 && height > 0)) throw new Malformed("no image size");
    if (width > MAX_PHOTO_DIMENSION || height > MAX_PHOTO_DIMENSION) {
      return { ok: false, problem: "image_too_large", detail: `The image is ${width}×${height}; at most ${MAX_PHOTO_DIMENSION} a side.` };
    }
    return { ok: true, photo: { type, ...cleaned } };
  } catch (error) {
    if (error instanceof Malformed)
      return { ok: false, problem: "malformed_image", detail: `The ${type} file is damaged: ${error.message}.` };
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------
// Bytes

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

function ascii(bytes: Uint8Array, at: number, length: number): string {
  let out = "";
  for (let i = at; i < at + length && i < bytes.length; i++) out += String.fromCharCode(bytes[i]!);
  return out;
}

const u16be = (b: Uint8Array, at: number) => {
  if (at + 2 > b.length) throw new Malformed("cut short");
  return (b[at]! << 8) | b[at + 1]!;
};
const u32be = (b: Uint8Array, at: number) => {
  if (at + 4 > b.length) throw new Malformed("cut short");
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
};
const u32le = (b: Uint8Array, at: number) => {
  if (at + 4 > b.length) throw new Malformed("cut short");
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
};
const u24le = (b: Uint8Array, at: number) => {
  if (at + 3 > b.length) throw new Malformed("cut short");
  return b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
};

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// JPEG (ITU-T T.81 markers; JFIF, Exif 2.3 APP1, ICC APP2, Adobe APP14)

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const COM = 0xfe;
/** Start-of-frame markers (C0–CF but DHT C4, JPG C8 and DAC CC): they carry the image size. */
const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
/** Markers without a length: RSTn, TEM. */
const standalone = (m: number) => (m >= 0xd0 && m <= 0xd7) || m === 0x01;
/**
 * The segments that make up the picture (T.81 table B.1): frames and tables (C0–CF), quantisation
 * tables, restart interval, number of lines, hierarchical progression and expansion (DB–DF), scans.
 * Any other marker is refused rather than copied: a segment the walker does not know could carry
 * anything (a damaged APP1 marker would otherwise bring its Exif along under another name).
 */
const pictureSegment = (m: number) => (m >= 0xc0 && m <= 0xcf) || (m >= 0xda && m <= 0xdf);

/**
 * Checks a kept picture segment against its structure in T.81 (B.2.2 frame header, B.2.3 scan header,
 * B.2.4 tables, B.2.5 DNL), so that bytes copied through are what a decoder reads and nothing else: a
 * damaged marker byte can turn an APP1 full of Exif or XMP into, say, a frame header, whose content
 * would otherwise be kept as it was. Hierarchical-mode segments (DHP, EXP), which browsers do not
 * decode and cameras do not write, are refused.
 */
function checkPictureSegment(marker: number, data: Uint8Array): void {
  const bad = (what: string) => new Malformed(`${what} (marker ${marker.toString(16)})`);
  if (isSof(marker)) {
    const components = data[5] ?? 0;
    if (![8, 12, 16].includes(data[0]!) || components < 1 || components > 4 || data.length !== 6 + 3 * components)
      throw bad("a frame header of the wrong shape");
  } else if (marker === 0xc4) {
    // Huffman tables: class/id, 16 code-length counts, then that many symbol values, repeated.
    let at = 0;
    while (at < data.length) {
      const id = data[at]!;
      if (id >> 4 > 1 || (id & 15) > 3 || at + 17 > data.length) throw bad("a Huffman table of the wrong shape");
      let symbols = 0;
      for (let i = 1; i <= 16; i++) symbols += data[at + i]!;
      at += 17 + symbols;
    }
    if (at !== data.length || data.length === 0) throw bad("a Huffman table of the wrong shape");
  } else if (marker === 0xcc) {
    // Arithmetic conditioning: pairs of (class/id, value).
    for (let at = 0; at < data.length; at += 2)
      if (data[at]! >> 4 > 1 || (data[at]! & 15) > 3) throw bad("a conditioning table of the wrong shape");
    if (data.length === 0 || data.length % 2) throw bad("a conditioning table of the wrong shape");
  } else if (marker === 0xdb) {
    // Quantisation tables: precision/id, then 64 values of one or two bytes, repeated.
    let at = 0;
    while (at < data.length) {
      const id = data[at]!;
      if (id >> 4 > 1 || (id & 15) > 3) throw bad("a quantisation table of the wrong shape");
      at += 1 + 64 * ((id >> 4) + 1);
    }
    if (at !== data.length || data.length === 0) throw bad("a quantisation table of the wrong shape");
  } else if (marker === SOS) {
    const components = data[0] ?? 0;
    if (components < 1 || components > 4 || data.length !== 4 + 2 * components) throw bad("a scan header of the wrong shape");
  } else if (marker === 0xdc || marker === 0xdd) {
    // Number of lines, restart interval: two bytes each.
    if (data.length !== 2) throw bad("a segment of the wrong length");
  } else {
    throw bad("a hierarchical or reserved segment");
  }
}

/** The APPn segments that describe how to decode the picture, not who took it. */
function keepAppSegment(marker: number, data: Uint8Array): boolean {
  if (marker === 0xe0) return ascii(data, 0, 5) === "JFIF\0" || ascii(data, 0, 5) === "JFXX\0";
  if (marker === 0xe2) return ascii(data, 0, 12) === "ICC_PROFILE\0";
  if (marker === 0xee) return ascii(data, 0, 5) === "Adobe";
  return false;
}

function cleanJpeg(b: Uint8Array): { bytes: Uint8Array; width: number; height: number } {
  const parts: Uint8Array[] = [b.subarray(0, 2)];
  let at = 2;
  let width = 0;
  let height = 0;
  let orientation = 1;
  let sawScan = false;
  let ended = false;
  // Where the rebuilt Exif goes: after a leading JFIF APP0 (JFIF wants to be first), else after SOI.
  let exifSlot = 1;
  while (at < b.length) {
    if (b[at] !== 0xff) throw new Malformed(`expected a marker at byte ${at}`);
    while (b[at] === 0xff) at++; // fill bytes
    if (at >= b.length) throw new Malformed("cut short");
    const marker = b[at++]!;
    if (marker === EOI) {
      parts.push(Uint8Array.of(0xff, EOI));
      ended = true;
      break;
    }
    if (marker === SOI) throw new Malformed("a second start of image");
    if (standalone(marker)) {
      parts.push(Uint8Array.of(0xff, marker));
      continue;
    }
    const length = u16be(b, at);
    if (length < 2 || at + length > b.length) throw new Malformed(`segment ${marker.toString(16)} runs past the end`);
    const segment = b.subarray(at - 2, at + length);
    const data = b.subarray(at + 2, at + length);
    at += length;
    if (marker >= 0xe0 && marker <= 0xef) {
      if (marker === 0xe1 && ascii(data, 0, 6) === "Exif\0\0") orientation = exifOrientation(data.subarray(6)) ?? orientation;
      if (keepAppSegment(marker, data)) {
        parts.push(segment);
        if (marker === 0xe0 && parts.length === 2) exifSlot = 2;
      }
      continue;
    }
    if (marker === COM) continue;
    if (!pictureSegment(marker)) throw new Malformed(`an unknown marker ${marker.toString(16)}`);
    checkPictureSegment(marker, data);
    if (isSof(marker)) {
      height = u16be(data, 1);
      width = u16be(data, 3);
    }
    parts.push(segment);
    if (marker === SOS) {
      sawScan = true;
      // Entropy-coded data runs to the next marker that is neither a stuffed 0xFF00 nor a restart.
      const start = at;
      while (at < b.length) {
        if (b[at] === 0xff) {
          const next = b[at + 1];
          if (next === undefined) throw new Malformed("cut short in a scan");
          if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
            at += 2;
            continue;
          }
          if (next === 0xff) {
            at++;
            continue;
          }
          break;
        }
        at++;
      }
      parts.push(b.subarray(start, at));
    }
  }
  if (!ended) throw new Malformed("no end of image");
  if (!sawScan) throw new Malformed("no image data");
  if (orientation !== 1) parts.splice(exifSlot, 0, orientationExif(orientation));
  return { bytes: concat(parts), width, height };
}

/** Orientation (tag 0x0112) of IFD0 in a TIFF structure, or null. Nothing else of the Exif is read. */
function exifOrientation(tiff: Uint8Array): number | null {
  try {
    const order = ascii(tiff, 0, 2);
    if (order !== "II" && order !== "MM") return null;
    const le = order === "II";
    const u16 = (at: number) => {
      if (at + 2 > tiff.length) throw new Malformed("cut short");
      return le ? tiff[at]! | (tiff[at + 1]! << 8) : (tiff[at]! << 8) | tiff[at + 1]!;
    };
    const u32 = (at: number) => (le ? u32le(tiff, at) : u32be(tiff, at));
    if (u16(2) !== 42) return null;
    const ifd = u32(4);
    const count = u16(ifd);
    for (let i = 0; i < count; i++) {
      const entry = ifd + 2 + i * 12;
      if (u16(entry) === 0x0112 && u16(entry + 2) === 3) {
        const value = u16(entry + 8);
        return value >= 1 && value <= 8 ? value : null;
      }
    }
    return null;
  } catch {
    return null;
  }
}

/** A new APP1 Exif segment holding IFD0 with the Orientation tag alone (big-endian TIFF). */
function orientationExif(orientation: number): Uint8Array {
  const tiff = [
    ...[0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08], // "MM", 42, IFD0 at 8
    ...[0x00, 0x01], // one entry
    ...[0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00], // Orientation, SHORT, 1
    ...[0x00, 0x00, 0x00, 0x00], // no next IFD
  ];
  const data = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00, ...tiff]; // "Exif\0\0"
  const length = data.length + 2;
  return Uint8Array.from([0xff, 0xe1, length >> 8, length & 0xff, ...data]);
}

// ---------------------------------------------------------------------------------------------------
// PNG (ISO/IEC 15948, PNG 3rd edition for eXIf)

/**
 * The chunks that draw the picture (PNG 3rd edition, and APNG's): kept. Every other ancillary chunk is
 * dropped, eXIf, tEXt, iTXt, zTXt and tIME by name and any private or unknown one besides, since it
 * could carry anything; an unknown critical chunk makes the file refused (a decoder could not draw it).
 */
const PNG_KEPT = new Set([
  ...["IHDR", "PLTE", "IDAT", "IEND"],
  ...["tRNS", "cHRM", "gAMA", "iCCP", "sBIT", "sRGB", "cICP", "mDCV", "cLLI", "bKGD", "hIST", "pHYs", "sPLT"],
  ...["acTL", "fcTL", "fdAT"],
]);
const isCritical = (type: string) => type.charCodeAt(0) < 0x61;

function cleanPng(b: Uint8Array): { bytes: Uint8Array; width: number; height: number } {
  const parts: Uint8Array[] = [b.subarray(0, 8)];
  let at = 8;
  let width = 0;
  let height = 0;
  let first = true;
  let ended = false;
  while (at < b.length) {
    const length = u32be(b, at);
    const type = ascii(b, at + 4, 4);
    const end = at + 12 + length;
    if (!/^[A-Za-z]{4}$/.test(type)) throw new Malformed("a chunk with an invalid type");
    if (end > b.length) throw new Malformed(`chunk ${type} runs past the end`);
    if (first) {
      if (type !== "IHDR" || length !== 13) throw new Malformed("IHDR is not the first chunk");
      width = u32be(b, at + 8);
      height = u32be(b, at + 12);
      first = false;
    }
    if (PNG_KEPT.has(type)) parts.push(b.subarray(at, end));
    else if (isCritical(type)) throw new Malformed(`an unknown critical chunk ${type}`);
    at = end;
    if (type === "IEND") {
      ended = true;
      break;
    }
  }
  if (!ended) throw new Malformed("no IEND chunk");
  return { bytes: concat(parts), width, height };
}

// ---------------------------------------------------------------------------------------------------
// WebP (RIFF container, RFC 9649)

/** The chunks that draw the picture (RFC 9649): kept. EXIF, "XMP " and any unknown chunk are dropped. */
const WEBP_KEPT = new Set(["VP8X", "VP8 ", "VP8L", "ALPH", "ANIM", "ANMF", "ICCP"]);
/** VP8X flag bits that announce EXIF and XMP chunks. */
const VP8X_EXIF = 0x08;
const VP8X_XMP = 0x04;

function cleanWebp(b: Uint8Array): { bytes: Uint8Array; width: number; height: number } {
  const riffSize = u32le(b, 4);
  if (riffSize + 8 > b.length || riffSize < 4) throw new Malformed("the RIFF size does not match the file");
  const end = 8 + riffSize;
  const chunks: Uint8Array[] = [];
  let at = 12;
  let width = 0;
  let height = 0;
  while (at < end) {
    if (at + 8 > end) throw new Malformed("a chunk header cut short");
    const fourcc = ascii(b, at, 4);
    const size = u32le(b, at + 4);
    const padded = size + (size & 1);
    if (at + 8 + size > end) throw new Malformed(`chunk ${fourcc} runs past the end`);
    const data = b.subarray(at + 8, at + 8 + size);
    if (fourcc === "VP8X") {
      if (size < 10) throw new Malformed("VP8X too short");
      width = u24le(data, 4) + 1;
      height = u24le(data, 7) + 1;
    } else if (fourcc === "VP8 " && !width) {
      if (size < 10 || data[3] !== 0x9d || data[4] !== 0x01 || data[5] !== 0x2a) throw new Malformed("a VP8 frame without its start code");
      width = (data[6]! | (data[7]! << 8)) & 0x3fff;
      height = (data[8]! | (data[9]! << 8)) & 0x3fff;
    } else if (fourcc === "VP8L" && !width) {
      if (size < 5 || data[0] !== 0x2f) throw new Malformed("a VP8L stream without its signature");
      const bits = data[1]! | (data[2]! << 8) | (data[3]! << 16) | (data[4]! << 24);
      width = (bits & 0x3fff) + 1;
      height = ((bits >>> 14) & 0x3fff) + 1;
    }
    if (WEBP_KEPT.has(fourcc)) {
      const chunk = b.slice(at, Math.min(at + 8 + padded, end));
      // A file whose last odd-sized chunk lacks its pad byte is still read; the pad is added back.
      const whole = chunk.length === 8 + padded ? chunk : concat([chunk, new Uint8Array(8 + padded - chunk.length)]);
      if (fourcc === "VP8X") whole[8] = whole[8]! & ~(VP8X_EXIF | VP8X_XMP);
      chunks.push(whole);
    }
    at += 8 + padded;
  }
  if (!chunks.some((c) => ["VP8 ", "VP8L", "ANIM"].includes(ascii(c, 0, 4)))) throw new Malformed("no image data");
  const body = concat(chunks);
  const header = new Uint8Array(12);
  header.set(b.subarray(0, 4), 0);
  const size = body.length + 4;
  header.set([size & 0xff, (size >> 8) & 0xff, (size >> 16) & 0xff, (size >>> 24) & 0xff], 4);
  header.set(b.subarray(8, 12), 8);
  return { bytes: concat([header, body]), width, height };
}
