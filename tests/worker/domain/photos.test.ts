/**
 * Review photos stripped of what they say about their author (issue 24): real JPEG, PNG and WebP files
 * carrying GPS Exif, camera, serial, XMP and text metadata go in; what comes out has none of it, keeps
 * every byte of the picture itself, and still has a valid structure.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanPhoto, MAX_PHOTO_DIMENSION, sniffPhotoType } from "../../../worker/domain/photos/image.ts";
import {
  BASE_JPEG,
  BASE_PNG,
  BASE_WEBP,
  concat,
  crc32,
  contains,
  jpegSegments,
  jpegWithGps,
  pngWithMetadata,
  SECRETS,
  webpWithMetadata,
} from "../fixtures/photos.ts";

const clean = (bytes: Uint8Array) => {
  const result = cleanPhoto(bytes);
  if (!result.ok) throw new Error(`${result.problem}: ${result.detail}`);
  return result.photo;
};

const leaks = (bytes: Uint8Array) =>
  ["Exif", "GPS", "http://ns.adobe.com/xap", "Photoshop", ...Object.values(SECRETS)].filter((word) => contains(bytes, word));

describe("sniffing the format from the bytes", () => {
  it.each([
    ["a JPEG", BASE_JPEG, "image/jpeg"],
    ["a PNG", BASE_PNG, "image/png"],
    ["a WebP", BASE_WEBP, "image/webp"],
    ["text", new TextEncoder().encode("GIF89a or so"), null],
    ["a GIF", new TextEncoder().encode("GIF89a\u0001\u0000\u0001\u0000"), null],
    ["an SVG", new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>"), null],
    ["nothing", new Uint8Array(0), null],
    ["RIFF that is not WebP", new TextEncoder().encode("RIFF\u0004\u0000\u0000\u0000WAVE"), null],
  ])("%s → %s", (_, bytes, type) => {
    expect(sniffPhotoType(bytes)).toBe(type);
  });
});

describe("JPEG", () => {
  it("the fixture really carries GPS, camera, serial, XMP, Photoshop and a comment", () => {
    const phone = jpegWithGps();
    expect(leaks(phone)).toEqual(expect.arrayContaining(["Exif", "http://ns.adobe.com/xap", "Photoshop", ...Object.values(SECRETS)]));
    expect(jpegSegments(phone).map((s) => s.marker)).toEqual(
      expect.arrayContaining([0xe0, 0xe1, 0xed, 0xfe, 0xdb, 0xc0, 0xc4, 0xda, -1, 0xd9]),
    );
  });

  it("drops Exif (GPS, camera, serial), XMP, Photoshop and comments; keeps JFIF and every byte of the picture", () => {
    const photo = clean(jpegWithGps());
    expect(photo).toMatchObject({ type: "image/jpeg", width: 8, height: 6 });
    expect(leaks(photo.bytes)).toEqual([]);
    const segments = jpegSegments(photo.bytes);
    // SOI first, EOI last, nothing after it; the only APPn left is JFIF.
    expect(segments[0]!.marker).toBe(0xd8);
    expect(segments.at(-1)!.marker).toBe(0xd9);
    expect(segments.filter((s) => s.marker >= 0xe0 && s.marker <= 0xef).map((s) => s.marker)).toEqual([0xe0]);
    // Quantisation and Huffman tables, frame header, scan header and the entropy-coded data are the
    // original's byte for byte: a decoder sees the very same picture.
    const picture = (b: Uint8Array) =>
      jpegSegments(b)
        .filter((s) => !(s.marker >= 0xe0 && s.marker <= 0xef) && s.marker !== 0xfe)
        .map((s) => Array.from(s.bytes));
    expect(picture(photo.bytes)).toEqual(picture(BASE_JPEG));
  });

  it("a file without metadata comes back unchanged", () => {
    expect(Array.from(clean(BASE_JPEG).bytes)).toEqual(Array.from(BASE_JPEG));
  });

  it("keeps a phone's Orientation, alone, in a new minimal Exif block (so the photo is not shown on its side)", () => {
    const photo = clean(jpegWithGps(6));
    const segments = jpegSegments(photo.bytes);
    expect(segments.map((s) => s.marker).slice(0, 3)).toEqual([0xd8, 0xe0, 0xe1]);
    const app1 = Array.from(segments[2]!.bytes);
    // "Exif\0\0", big-endian TIFF, IFD0 at 8 with one entry: Orientation (0x0112), SHORT, 1, value 6; no next IFD.
    expect(app1.slice(4)).toEqual([
      ...[0x45, 0x78, 0x69, 0x66, 0, 0],
      ...[0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8],
      ...[0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0],
      ...[0, 0, 0, 0],
    ]);
    expect(leaks(photo.bytes).filter((w) => w !== "Exif")).toEqual([]);
  });

  it.each([
    ["cut before its end", () => jpegWithGps().subarray(0, 400), "malformed_image"],
    ["without EOI", () => BASE_JPEG.subarray(0, BASE_JPEG.length - 2), "malformed_image"],
    ["a segment longer than the file", () => concat(BASE_JPEG.subarray(0, 2), [0xff, 0xe1, 0xff, 0xff, 0x45]), "malformed_image"],
    ["no image data (tables only)", () => concat(BASE_JPEG.subarray(0, 2), [0xff, 0xd9]), "malformed_image"],
    ["garbage after SOI", () => concat(BASE_JPEG.subarray(0, 3), [0x00, 0x00, 0x00]), "malformed_image"],
    ["text", () => new TextEncoder().encode("hello"), "not_an_image"],
  ])("refuses a JPEG %s (%s)", (_, make, problem) => {
    const result = cleanPhoto(make());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toBe(problem);
  });

  it(`refuses a picture more than ${MAX_PHOTO_DIMENSION} pixels a side`, () => {
    const huge = BASE_JPEG.slice();
    const sof = jpegSegments(huge).find((s) => s.marker === 0xc0)!;
    const at = sof.bytes.byteOffset - huge.byteOffset;
    huge[at + 5] = 0x40; // height 0x4006 = 16390
    const result = cleanPhoto(huge);
    expect(result.ok ? null : result.problem).toBe("image_too_large");
  });
});

describe("PNG", () => {
  it("drops eXIf, tEXt, iTXt, zTXt and tIME and keeps the rest as it was", () => {
    const phone = pngWithMetadata();
    expect(leaks(phone).length).toBeGreaterThan(2);
    const photo = clean(phone);
    expect(photo).toMatchObject({ type: "image/png", width: 8, height: 6 });
    expect(Array.from(photo.bytes)).toEqual(Array.from(BASE_PNG));
  });

  it.each([
    ["without IEND", () => BASE_PNG.subarray(0, BASE_PNG.length - 12)],
    ["with IHDR missing", () => concat(BASE_PNG.subarray(0, 8), BASE_PNG.subarray(33))],
    ["with a chunk longer than the file", () => concat(BASE_PNG.subarray(0, 33), [0x7f, 0, 0, 0, 0x74, 0x45, 0x58, 0x74])],
  ])("refuses a PNG %s", (_, make) => {
    const result = cleanPhoto(make());
    expect(result.ok ? null : result.problem).toBe("malformed_image");
  });
});

describe("WebP", () => {
  it("drops EXIF and XMP, clears their VP8X flags and writes the RIFF size anew", () => {
    const phone = webpWithMetadata();
    expect(contains(phone, "EXIF") && contains(phone, SECRETS.xmp)).toBe(true);
    const photo = clean(phone);
    expect(photo).toMatchObject({ type: "image/webp", width: 8, height: 6 });
    expect(leaks(photo.bytes)).toEqual([]);
    expect(contains(photo.bytes, "EXIF") || contains(photo.bytes, "XMP ")).toBe(false);
    const view = new DataView(photo.bytes.buffer, photo.bytes.byteOffset, photo.bytes.byteLength);
    expect(view.getUint32(4, true)).toBe(photo.bytes.length - 8);
    expect(new TextDecoder().decode(photo.bytes.subarray(12, 16))).toBe("VP8X");
    expect(photo.bytes[20]! & 0x0c).toBe(0);
    // The image chunk is the original's, byte for byte.
    expect(Array.from(photo.bytes.subarray(30))).toEqual(Array.from(BASE_WEBP.subarray(12)));
  });

  it("reads a simple (VP8) WebP's size and leaves it as it was", () => {
    const photo = clean(BASE_WEBP);
    expect(photo).toMatchObject({ width: 8, height: 6 });
    expect(Array.from(photo.bytes)).toEqual(Array.from(BASE_WEBP));
  });

  it("refuses a WebP whose RIFF size is larger than the file, or without image data", () => {
    const short = webpWithMetadata().subarray(0, 40);
    expect(cleanPhoto(short).ok).toBe(false);
    const noImage = Uint8Array.from([...new TextEncoder().encode("RIFF"), 4, 0, 0, 0, ...new TextEncoder().encode("WEBP")]);
    const result = cleanPhoto(noImage);
    expect(result.ok ? null : result.problem).toBe("malformed_image");
  });
});

describe("any bytes at all", () => {
  const photos = [jpegWithGps(), jpegWithGps(3), pngWithMetadata(), webpWithMetadata(), BASE_JPEG, BASE_PNG, BASE_WEBP];
  const mangled = fc
    .tuple(fc.constantFrom(...photos), fc.array(fc.tuple(fc.nat(), fc.nat(255)), { maxLength: 6 }), fc.option(fc.nat()))
    .map(([photo, flips, cut]) => {
      const bytes = photo.slice();
      for (const [at, value] of flips) bytes[at % bytes.length] = value;
      return cut === null ? bytes : bytes.subarray(0, cut % (bytes.length + 1));
    });

  it("are answered (a clean photo or a stated problem), never thrown; a clean photo cleans to itself and holds no Exif but an orientation", () => {
    fc.assert(
      fc.property(fc.oneof(mangled, fc.uint8Array({ maxLength: 300 })), (bytes) => {
        const result = cleanPhoto(bytes);
        if (!result.ok) return ["not_an_image", "malformed_image", "image_too_large"].includes(result.problem);
        const again = cleanPhoto(result.photo.bytes);
        expect(again.ok && Array.from(again.photo.bytes)).toEqual(Array.from(result.photo.bytes));
        expect(leaks(result.photo.bytes).filter((w) => w !== "Exif")).toEqual([]);
        return true;
      }),
      { numRuns: 3000 },
    );
  });
});

it("a JPEG segment under an unknown marker is refused, not copied (a damaged APP1 marker must not carry its Exif through)", () => {
  const phone = jpegWithGps();
  const app1 = phone.findIndex((b, i) => b === 0xff && phone[i + 1] === 0xe1);
  const damaged = phone.slice();
  damaged[app1 + 1] = 0x00;
  const result = cleanPhoto(damaged);
  expect(result.ok ? null : result.problem).toBe("malformed_image");
});

// Found by the property above (seed 2101466589): an XMP APP1 whose marker byte became C0 was kept as a
// frame header, XMP and all. Every kept picture segment is now checked against its shape in T.81.
it.each([
  ["a frame header (SOF0)", 0xc0],
  ["a Huffman table (DHT)", 0xc4],
  ["a quantisation table (DQT)", 0xdb],
  ["a restart interval (DRI)", 0xdd],
  ["a reserved JPG marker", 0xc8],
])("an APP1 full of metadata whose marker became %s is refused, not copied", (_name, marker) => {
  const phone = jpegWithGps();
  const app1 = phone.findIndex((b, i) => b === 0xff && phone[i + 1] === 0xe1);
  const damaged = phone.slice();
  damaged[app1 + 1] = marker;
  const result = cleanPhoto(damaged);
  expect(result.ok ? null : result.problem).toBe("malformed_image");
});

it("drops a private PNG chunk and a WebP chunk it does not know; refuses an unknown critical PNG chunk", () => {
  const chunk = (type: string, data: number[]) => {
    const bytes = [...Array.from(type, (c) => c.charCodeAt(0)), ...data];
    return [0, 0, 0, data.length, ...bytes, ...[crc32(bytes)].flatMap((c) => [c >>> 24, (c >> 16) & 255, (c >> 8) & 255, c & 255])];
  };
  const withPrivate = concat(BASE_PNG.subarray(0, 33), chunk("prVt", [1, 2, 3]), BASE_PNG.subarray(33));
  expect(Array.from(clean(withPrivate).bytes)).toEqual(Array.from(BASE_PNG));
  const withCritical = concat(BASE_PNG.subarray(0, 33), chunk("ABCD", [1]), BASE_PNG.subarray(33));
  expect(cleanPhoto(withCritical).ok).toBe(false);
  const webp = webpWithMetadata();
  const renamed = webp.slice();
  const xmp = renamed.findIndex((b, i) => b === 0x58 && renamed[i + 1] === 0x4d && renamed[i + 2] === 0x50 && renamed[i + 3] === 0x20);
  renamed[xmp] = 0x00; // "\0MP ": no chunk WebP knows
  expect(contains(clean(renamed).bytes, SECRETS.xmp)).toBe(false);
});
