/**
 * Review photos still decode after their metadata is stripped (issue 24): photos written with Exif
 * (GPS, camera) and XMP by libvips (sharp, which wrangler's local runtime already brings) go through
 * worker/domain/photos/image.ts, and a real decoder reads the same pixels from what comes out, with no
 * Exif, no XMP and no GPS left. Node-side because workerd has no image decoder.
 */
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { cleanPhoto } from "../../../worker/domain/photos/image.ts";

const exif = {
  IFD0: { Make: "Pixelphone", Model: "PX-9 Pro", Software: "camera-app 1.2" },
  IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 24/1", GPSLongitudeRef: "E", GPSLongitude: "2/1 21/1 3/1" },
};

/** A 64×48 gradient (so the pixels are not trivial), encoded with Exif and XMP. */
async function photo(format: "jpeg" | "png" | "webp") {
  const pixels = Buffer.alloc(64 * 48 * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7) % 251;
  const image = sharp(pixels, { raw: { width: 64, height: 48, channels: 3 } })
    .withExif(exif)
    .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>');
  const encoded = format === "jpeg" ? image.jpeg() : format === "png" ? image.png() : image.webp();
  return new Uint8Array(await encoded.toBuffer());
}

const raw = async (bytes: Uint8Array) => (await sharp(bytes).raw().toBuffer()).toString("base64");

describe.each(["jpeg", "png", "webp"] as const)("a %s with GPS Exif and XMP", (format) => {
  it("has them before", async () => {
    const meta = await sharp(await photo(format)).metadata();
    expect(meta.exif?.length ?? 0).toBeGreaterThan(0);
    expect(meta.xmp?.length ?? 0).toBeGreaterThan(0);
  });

  it("decodes to the same pixels after, with no Exif, XMP or GPS left", async () => {
    const original = await photo(format);
    const result = cleanPhoto(original);
    if (!result.ok) throw new Error(result.detail);
    const cleaned = result.photo.bytes;
    const meta = await sharp(cleaned).metadata();
    expect(meta).toMatchObject({ format: format === "jpeg" ? "jpeg" : format, width: 64, height: 48 });
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(Buffer.from(cleaned).includes("Pixelphone")).toBe(false);
    expect(await raw(cleaned)).toBe(await raw(original));
    expect({ width: result.photo.width, height: result.photo.height }).toEqual({ width: 64, height: 48 });
  });
});
