/**
 * The hand-written QR encoder against the `qrcode` package as a reference (a dev dependency only):
 * same version, and module for module the same symbol under every mask. Mask choice is compared too,
 * since both score the spec's penalty rules.
 */
import { render } from "@testing-library/preact";
import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { encodeQr } from "../../../widget/ui/qr/encode.ts";
import { QrCode } from "../../../widget/ui/qr/qr-code.tsx";

const reference = (text: string, maskPattern?: number) =>
  QRCode.create([{ data: new TextEncoder().encode(text), mode: "byte" }], { errorCorrectionLevel: "M", maskPattern: maskPattern as QRCode.QRCodeMaskPattern | undefined });

const samples = [
  "a",
  "Zurück ✓",
  "https://shop.example/orders/status?order=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde",
  "NW-1004",
  // Lengths that land on every version from 1 to 10 at level M.
  ...[14, 26, 42, 62, 84, 106, 122, 152, 180, 213].map((n) => "x".repeat(n - 3) + "end"),
];

describe("encodeQr", () => {
  it.each(samples)("matches the reference under every mask: %s", (text) => {
    for (let mask = 0; mask < 8; mask++) {
      const ours = encodeQr(text, mask);
      const theirs = reference(text, mask);
      expect(ours.size).toBe(theirs.modules.size);
      expect(Array.from(ours.modules)).toEqual(Array.from(theirs.modules.data));
    }
  });

  it("covers versions 1 to 10", () => {
    expect(samples.slice(4).map((t) => (encodeQr(t).size - 17) / 4)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it.each(samples)("picks the same mask as the reference: %s", (text) => {
    const theirs = reference(text);
    expect(Array.from(encodeQr(text).modules)).toEqual(Array.from(theirs.modules.data));
  });

  it("refuses text beyond version 10", () => {
    expect(() => encodeQr("x".repeat(214))).toThrow(RangeError);
  });
});

describe("QrCode", () => {
  it("draws one path in an svg named for screen readers, with a quiet zone", () => {
    const { container } = render(<QrCode text="https://shop.example/r/1" label="Return code for order 1" />);
    const svg = container.querySelector("svg")!;
    expect(svg.getAttribute("role")).toBe("img");
    expect(svg.getAttribute("aria-label")).toBe("Return code for order 1");
    expect(svg.getAttribute("viewBox")).toBe(`0 0 ${encodeQr("https://shop.example/r/1").size + 8} ${encodeQr("https://shop.example/r/1").size + 8}`);
    expect(svg.querySelectorAll("path")).toHaveLength(1);
    expect(svg.querySelector("path")!.getAttribute("d")).toMatch(/^M4 4h7v1h-7z/);
  });
});
