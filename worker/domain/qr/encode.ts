/**
 * A QR code encoder (ISO/IEC 18004) cut down to what the return code needs: byte mode (UTF-8), versions
 * 1–40, error correction level M, or L for what M cannot hold even at version 40 (up to 2,953 bytes).
 * Written small when it shipped in the widget; the worker now draws the code (GET
 * /v1/o/{token}/return-code.svg). It stopped at version 10 (213 bytes) then, and a store whose status
 * link was 240 characters got a 500 for its return code (issue 17).
 */

/** The most bytes a QR code holds: version 40 at level L. */
export const QR_MAX_BYTES = 2953;

export type QrLevel = "M" | "L";

/**
 * The spec's table rows for versions 1–40 (ISO/IEC 18004 Table 9): error correction codewords per
 * block, and the number of blocks. `bits` is the level's two bits in the format information.
 */
const LEVELS: Record<QrLevel, { bits: number; ec: number[]; blocks: number[] }> = {
  M: {
    bits: 0b00,
    ec: [
      10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
      28, 28, 28, 28, 28, 28, 28,
    ],
    blocks: [
      1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43,
      45, 47, 49,
    ],
  },
  L: {
    bits: 0b01,
    ec: [
      7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30,
      30, 30, 30, 30, 30, 30,
    ],
    blocks: [
      1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24,
      25,
    ],
  },
};

/** The eight data masks: a module is flipped where its mask answers 0. */
const MASKS: ((x: number, y: number) => number)[] = [
  (x, y) => (x + y) % 2,
  (_, y) => y % 2,
  (x) => x % 3,
  (x, y) => (x + y) % 3,
  (x, y) => (((x / 3) | 0) + (y >> 1)) % 2,
  (x, y) => ((x * y) % 2) + ((x * y) % 3),
  (x, y) => (x * y + ((x * y) % 3)) % 2,
  (x, y) => (x + y + ((x * y) % 3)) % 2,
];

/**
 * Codewords in version `v`: the modules left once every function pattern is drawn (finders, timing,
 * alignment, format and, from version 7, version information), in closed form, eight to a codeword
 * with the remainder bits left over. The encoder used to draw each version in turn to count them,
 * which took most of its time once forty versions could be tried; the tests compare every version
 * with a reference encoder.
 */
function codewordsOf(v: number): number {
  const count = v < 2 ? 0 : ((v / 7) | 0) + 2;
  const alignment = count ? (25 * count - 10) * count - 55 : 0;
  return (((16 * v + 128) * v + 64 - alignment - (v < 7 ? 0 : 36)) / 8) | 0;
}

/**
 * Alignment pattern centres along each axis: 6, the far edge − 7, and evenly spaced between with an
 * even step (version 32's step is the spec's exception).
 */
function alignmentCentres(v: number, size: number): number[] {
  if (v < 2) return [];
  const count = ((v / 7) | 0) + 2;
  const step = v == 32 ? 26 : Math.ceil((size - 13) / (2 * count - 2)) * 2;
  return [6, ...Array.from({ length: count - 1 }, (_, i) => size - 7 - (count - 2 - i) * step)];
}

/** GF(256) product modulo x⁸+x⁴+x³+x²+1, shift-and-add: smaller than exp/log tables. */
const mul = (a: number, b: number) => {
  let r = 0;
  for (let i = 8; i--; ) r = ((r << 1) ^ ((r >> 7) * 0x11d) ^ (((b >> i) & 1) * a)) & 255;
  return r;
};

/** `value` followed by its BCH check bits (the remainder modulo `poly` of degree `n`). */
const bch = (value: number, n: number, poly: number) => {
  let r = value;
  for (let i = n; i--; ) r = (r << 1) ^ ((r >> (n - 1)) * poly);
  return (value << n) | r;
};

/**
 * Encodes `text` in the smallest version that holds it at level M, else at level L; `forceMask` (0–7)
 * skips the penalty search, so tests can compare each mask with a reference. Throws a RangeError for
 * text over QR_MAX_BYTES: callers with a longer link must choose a shorter one.
 */
export function encodeQr(text: string, forceMask?: number): { size: number; modules: Uint8Array; level: QrLevel } {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length > QR_MAX_BYTES) throw new RangeError("text too long for a QR code");
  let v = 0;
  let size = 0;
  let m = new Uint8Array(); // module colours
  let f = m; // 1 where a function pattern sits: data and masks leave it alone
  const set = (x: number, y: number, dark: unknown) => {
    m[y * size + x] = dark ? 1 : 0;
    f[y * size + x] = 1;
  };
  let level: QrLevel = "M";
  const format = (mask: number) => {
    const bits = bch((LEVELS[level].bits << 3) | mask, 10, 0x537) ^ 0x5412;
    for (let i = 0; i < 15; i++) {
      set(8, i < 6 ? i : i < 8 ? i + 1 : size - 15 + i, (bits >> i) & 1);
      set(i < 8 ? size - 1 - i : i < 9 ? 7 : 14 - i, 8, (bits >> i) & 1);
    }
    set(8, size - 8, 1); // the dark module
  };
  /** Draws version `v`'s function patterns. */
  const draw = () => {
    size = v * 4 + 17;
    m = new Uint8Array(size * size);
    f = new Uint8Array(size * size);
    // Finders with their separators: a corner's 8×8 mirrored into place, light at rings 2 and 4.
    for (const [cx, cy] of [
      [0, 0],
      [size - 1, 0],
      [0, size - 1],
    ])
      for (let dy = 0; dy < 8; dy++)
        for (let dx = 0; dx < 8; dx++) {
          const r = Math.max(Math.abs(dx - 3), Math.abs(dy - 3));
          set(Math.abs(cx! - dx), Math.abs(cy! - dy), r != 2 && r != 4);
        }
    // A centre already inside a finder is skipped (the timing pattern comes after, for that test).
    const at = alignmentCentres(v, size);
    for (const y of at)
      for (const x of at)
        if (!f[y * size + x])
          for (let dy = -2; dy < 3; dy++) for (let dx = -2; dx < 3; dx++) set(x + dx, y + dy, Math.max(Math.abs(dx), Math.abs(dy)) != 1);
    for (let i = 8; i < size - 8; i++) set(i, 6, ~i & 1), set(6, i, ~i & 1);
    if (v > 6)
      for (let i = 0, bits = bch(v, 12, 0x1f25); i < 18; i++) {
        set(size - 11 + (i % 3), (i / 3) | 0, (bits >> i) & 1);
        set((i / 3) | 0, size - 11 + (i % 3), (bits >> i) & 1);
      }
    format(0);
  };
  let ec = 0;
  let blocks = 0;
  let capacity = 0;
  // The smallest version whose codewords, less the level's EC codewords, hold the data. Mode and length
  // take 12 bits (20 from version 10); the 4-bit terminator then ends on a byte.
  const fits = () => bytes.length + (v < 10 ? 2 : 3) <= capacity;
  search: for (const l of ["M", "L"] as const) {
    level = l;
    for (v = 1; v <= 40; v++) {
      ec = LEVELS[level].ec[v - 1]!;
      blocks = LEVELS[level].blocks[v - 1]!;
      capacity = codewordsOf(v) - ec * blocks;
      if (fits()) break search;
    }
  }
  // QR_MAX_BYTES is version 40-L's capacity, so this only guards the tables against a typo.
  if (!fits()) throw new RangeError("text too long for a QR code");
  draw();

  const bin = (n: number, width: number) => n.toString(2).padStart(width, "0");
  const data = ("0100" + bin(bytes.length, v < 10 ? 8 : 16) + Array.from(bytes, (b) => bin(b, 8)).join("") + "0000")
    .match(/.{8}/g)!
    .map((b) => parseInt(b, 2));
  for (let pad = 0xec; data.length < capacity; pad ^= 0xec ^ 0x11) data.push(pad);

  // Split into blocks (the last `capacity % blocks` one codeword longer), then interleave the data
  // column by column across blocks, then the EC codewords likewise.
  const short = (capacity / blocks) | 0;
  const parts: number[][][] = [];
  for (let b = 0, start = 0; b < blocks; b++) {
    const d = data.slice(start, (start += short + +(b >= blocks - (capacity % blocks))));
    // Remainder of d(x)·x^ec divided by the generator ∏(x − αⁱ), i < ec.
    const gen = [1];
    for (let i = 0, a = 1; i < ec; i++, a = mul(a, 2)) for (let j = gen.push(0); --j; ) gen[j]! ^= mul(gen[j - 1]!, a);
    let r = Array<number>(ec).fill(0);
    for (const c of d) {
      const k = c ^ r.shift()!;
      r = [...r, 0].map((x, j) => x ^ mul(gen[j + 1]!, k));
    }
    parts.push([d, r]);
  }
  const words: number[] = [];
  for (const k of [0, 1]) for (let i = 0; i < short + ec; i++) for (const p of parts) if (i < p[k]!.length) words.push(p[k]![i]!);

  // Zigzag: column pairs from the right, alternately upwards and downwards, stepping over the vertical
  // timing column. Remainder bits read past the end as 0.
  for (let x = size - 1, bit = 0; x > 0; x -= 2) {
    if (x == 6) x--;
    for (let i = 0; i < size * 2; i++) {
      const col = x - (i & 1);
      const row = (x + 1) & 2 ? i >> 1 : size - 1 - (i >> 1);
      if (!f[row * size + col]) m[row * size + col] = (words[bit >> 3]! >> (7 - (bit++ & 7))) & 1;
    }
  }

  const apply = (mask: number) => {
    const flips = MASKS[mask]!;
    for (let i = 0; i < size * size; i++) if (!f[i] && !flips(i % size, (i / size) | 0)) m[i]! ^= 1;
    format(mask);
  };
  let best = forceMask ?? 0;
  for (let mask = 0, lowest = 1e9; forceMask == null && mask < 8; mask++) {
    apply(mask);
    // The four penalty rules: runs of five or more, 2×2 blocks, finder-like 1011101 with four light
    // modules on one side, and the distance of the dark share from 50% in 5% steps.
    let score = 0;
    let dark = 0;
    for (let t = 0; t < 2; t++)
      for (let a = 0; a < size; a++)
        for (let b = 0, run = 0, w = 0; b < size; b++) {
          const i = t ? b * size + a : a * size + b;
          const c = m[i]!;
          run = b && c == m[t ? i - size : i - 1] ? run + 1 : 1;
          score += run < 5 ? 0 : run < 6 ? 3 : 1;
          w = ((w << 1) | c) & 2047;
          if (b > 9 && (w == 0x5d0 || w == 0x5d)) score += 40;
          if (!t) {
            dark += c;
            if (a && b && c == m[i - 1] && c == m[i - size] && c == m[i - size - 1]) score += 3;
          }
        }
    score += (Math.abs((dark * 20) / size / size - 10) | 0) * 10;
    if (score < lowest) (lowest = score), (best = mask);
    apply(mask); // masks are XOR: applying again undoes it
  }
  apply(best);
  return { size, modules: m, level };
}
