/**
 * The QR encoder past version 10 (issue 17: a 240-character status link answered 500), against the
 * `qrcode` package as a reference for the same version, level and mask, module for module. Versions
 * 1–10 and the mask choice are covered in tests/worker-node/qr/encode.test.ts.
 */
import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { encodeQr, QR_MAX_BYTES } from "../../../worker/domain/qr/encode.ts";

/** Most bytes each version 1–40 holds in byte mode, from the spec's capacity table. */
const CAPACITY = {
  M: [
    14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666, 711, 779, 857, 911, 997, 1059, 1125,
    1190, 1264, 1370, 1452, 1538, 1628, 1722, 1809, 1911, 1989, 2099, 2213, 2331,
  ],
  L: [
    17, 32, 53, 78, 106, 134, 154, 192, 230, 271, 321, 367, 425, 458, 520, 586, 644, 718, 792, 858, 929, 1003, 1091, 1171, 1273, 1367, 1465,
    1528, 1628, 1732, 1840, 1952, 2068, 2188, 2303, 2431, 2563, 2699, 2809, 2953,
  ],
};

const versionOf = (size: number) => (size - 17) / 4;

const reference = (text: string, level: "M" | "L", mask: number) =>
  QRCode.create([{ data: new TextEncoder().encode(text), mode: "byte" }], {
    errorCorrectionLevel: level,
    maskPattern: mask as QRCode.QRCodeMaskPattern,
  });

/** A status link of exactly `bytes` bytes, varied enough that every module is exercised. */
const link = (bytes: number) => {
  const head = "https://shop.example/orders/status?order=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde&ref=";
  let tail = "";
  for (let i = 0; head.length + tail.length < bytes; i++) tail += "0123456789abcdefghijklmnopqrstuvwxyz"[(i * 7 + 3) % 36];
  return (head + tail).slice(0, bytes);
};

describe("encodeQr, versions 11–40", () => {
  // The last length of each version from 10 at level M and the first of the next; then level L from
  // where M ends (2,331 bytes) to version 40's end.
  const cases: [number, number, "M" | "L"][] = [];
  for (let v = 10; v <= 40; v++) {
    cases.push([CAPACITY.M[v - 1]!, v, "M"]);
    if (v < 40) cases.push([CAPACITY.M[v - 1]! + 1, v + 1, "M"]);
  }
  for (const v of [38, 39, 40]) cases.push([CAPACITY.L[v - 1]!, v, "L"]);
  cases.push([CAPACITY.M[39]! + 1, 36, "L"], [CAPACITY.L[37]! + 1, 39, "L"], [CAPACITY.L[38]! + 1, 40, "L"]);

  it.each(cases)("%i bytes: version %i at level %s, the reference's modules", (bytes, version, level) => {
    const text = link(bytes);
    const mask = bytes % 8;
    const ours = encodeQr(text, mask);
    expect(versionOf(ours.size)).toBe(version);
    expect(ours.level).toBe(level);
    const theirs = reference(text, level, mask);
    expect(theirs.version).toBe(version);
    expect(ours.modules).toEqual(theirs.modules.data);
  });

  it.each([240, 1000, 2048 - 7 + 43])("a %i-byte link matches the reference under every mask, and under its own choice", (bytes) => {
    const text = link(bytes);
    const chosen = encodeQr(text);
    for (let mask = 0; mask < 8; mask++) {
      const ours = encodeQr(text, mask);
      expect(ours.size).toBe(reference(text, chosen.level, mask).modules.size);
      expect(ours.modules, `mask ${mask}`).toEqual(reference(text, chosen.level, mask).modules.data);
    }
    expect([0, 1, 2, 3, 4, 5, 6, 7].some((mask) => reference(text, chosen.level, mask).modules.data.join() === chosen.modules.join())).toBe(
      true,
    );
  });

  it("holds every UTF-8 byte up to version 40 at level L, and refuses one more", () => {
    expect(QR_MAX_BYTES).toBe(CAPACITY.L[39]);
    expect(versionOf(encodeQr("€".repeat(984) + "x").size)).toBe(40); // 2,953 bytes
    expect(() => encodeQr("€".repeat(985))).toThrow(RangeError); // 2,955 bytes
    expect(() => encodeQr("x".repeat(QR_MAX_BYTES + 1))).toThrow(RangeError);
  });
});
