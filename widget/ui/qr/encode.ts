/**
 * A QR code encoder (ISO/IEC 18004) cut down to what the return code needs: byte mode (UTF-8), error
 * correction level M (15% of the symbol can be damaged or covered), versions 1–10 (up to 213 bytes).
 * It ships to shoppers' browsers, so it trades generality for bytes.
 */

/** Per version 1–10 at level M: EC codewords per block, then block counts/data sizes of both groups. */
const BLOCKS: [ec: number, n1: number, d1: number, n2: number][] = [
  [10, 1, 16, 0],
  [16, 1, 28, 0],
  [26, 1, 44, 0],
  [18, 2, 32, 0],
  [24, 2, 43, 0],
  [16, 4, 27, 0],
  [18, 4, 31, 0],
  [22, 2, 38, 2],
  [22, 3, 36, 2],
  [26, 4, 43, 1],
];
// The second group's blocks always hold one data codeword more than the first's.

/** GF(256) with the QR polynomial x⁸+x⁴+x³+x²+1: exp and log tables. */
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
for (let i = 0, x = 1; i < 255; i++, x = x & 128 ? (x << 1) ^ 0x11d : x << 1) {
  EXP[i] = EXP[i + 255] = x;
  LOG[x] = i;
}
const mul = (a: number, b: number) => (a && b ? EXP[LOG[a]! + LOG[b]!]! : 0);

/** Reed–Solomon EC codewords of `data`: the remainder of data·xⁿ divided by ∏(x − αⁱ). */
function reedSolomon(data: number[], n: number): Uint8Array {
  const gen = new Uint8Array(n + 1);
  gen[0] = 1;
  for (let i = 0; i < n; i++) for (let j = i + 1; j > 0; j--) gen[j] = gen[j]! ^ mul(gen[j - 1]!, EXP[i]!);
  const rem = new Uint8Array(n);
  for (const byte of data) {
    const factor = byte ^ rem[0]!;
    rem.copyWithin(0, 1);
    rem[n - 1] = 0;
    for (let j = 0; j < n; j++) rem[j] = rem[j]! ^ mul(gen[j + 1]!, factor);
  }
  return rem;
}

/** Remainder of a BCH code: `value` shifted left by the generator's degree, modulo `poly`. */
function bch(value: number, poly: number, bits: number): number {
  let r = value << bits;
  for (let i = 31 - Math.clz32(r); i >= bits; i--) if (r & (1 << i)) r ^= poly << (i - bits);
  return (value << bits) | r;
}

/** Whether mask pattern `m` flips the module at column x, row y: the spec's eight conditions, in order. */
function flips(m: number, x: number, y: number): boolean {
  const p = x * y;
  return [(x + y) % 2, y % 2, x % 3, (x + y) % 3, (((x / 3) | 0) + ((y / 2) | 0)) % 2, (p % 2) + (p % 3), ((p % 2) + (p % 3)) % 2, (((x + y) % 2) + (p % 3)) % 2][m] == 0;
}

export interface QrMatrix {
  size: number;
  /** Row-major, 1 for a dark module. */
  modules: Uint8Array;
}

/**
 * Encodes `text`; `forceMask` (0–7) skips the penalty search (tests compare against a reference that
 * way). Throws a RangeError for text over version 10's capacity.
 */
export function encodeQr(text: string, forceMask?: number): QrMatrix {
  const bytes = new TextEncoder().encode(text);
  const dataCodewords = (v: number) => BLOCKS[v - 1]![1] * BLOCKS[v - 1]![2] + BLOCKS[v - 1]![3] * (BLOCKS[v - 1]![2] + 1);
  // Mode (4 bits) + length (8 bits, 16 from version 10) + the bytes must fit the data codewords.
  let version = 1;
  while (version <= 10 && 4 + (version < 10 ? 8 : 16) + bytes.length * 8 > dataCodewords(version) * 8) version++;
  if (version > 10) throw new RangeError("text too long for a QR code up to version 10");
  const [ec, n1, d1, n2] = BLOCKS[version - 1]!;
  const capacity = dataCodewords(version);

  // The bit stream: byte mode, length, data, terminator, then pad to whole codewords and fill.
  const bits: number[] = [];
  const put = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1);
  };
  put(4, 4);
  put(bytes.length, version < 10 ? 8 : 16);
  bytes.forEach((b) => put(b, 8));
  put(0, Math.min(4, capacity * 8 - bits.length));
  put(0, (8 - (bits.length % 8)) % 8);
  const data: number[] = [];
  for (let i = 0; i < bits.length; i += 8) data.push(parseInt(bits.slice(i, i + 8).join(""), 2));
  for (let pad = 0xec; data.length < capacity; pad ^= 0xec ^ 0x11) data.push(pad);

  // Split into blocks, add EC to each, then interleave column by column.
  const blocks: number[][] = [];
  for (let b = 0, at = 0; b < n1 + n2; b++) {
    const len = b < n1 ? d1 : d1 + 1;
    blocks.push(data.slice(at, (at += len)));
  }
  const ecBlocks = blocks.map((block) => reedSolomon(block, ec));
  const codewords: number[] = [];
  for (let i = 0; i <= d1; i++) blocks.forEach((block) => i < block.length && codewords.push(block[i]!));
  for (let i = 0; i < ec; i++) ecBlocks.forEach((block) => codewords.push(block[i]!));

  const size = version * 4 + 17;
  const grid = new Uint8Array(size * size);
  const fixed = new Uint8Array(size * size);
  const set = (x: number, y: number, dark: boolean | number) => {
    grid[y * size + x] = dark ? 1 : 0;
    fixed[y * size + x] = 1;
  };

  // Finder patterns with their separators, and the timing patterns between them.
  for (const [fx, fy] of [[0, 0], [size - 7, 0], [0, size - 7]]) {
    for (let dy = -1; dy <= 7; dy++)
      for (let dx = -1; dx <= 7; dx++) {
        const x = fx! + dx;
        const y = fy! + dy;
        if (x < 0 || y < 0 || x >= size || y >= size) continue;
        const ring = Math.max(Math.abs(dx - 3), Math.abs(dy - 3));
        set(x, y, ring != 2 && ring != 4);
      }
  }
  for (let i = 8; i < size - 8; i++) {
    set(i, 6, i % 2 == 0);
    set(6, i, i % 2 == 0);
  }
  // Alignment patterns: centres at 6 and evenly spaced up to size − 7, skipping the finders' corners.
  if (version > 1) {
    const count = ((version / 7) | 0) + 2;
    const last = size - 7;
    const step = Math.ceil((last - 6) / (count - 1) / 2) * 2;
    const centres = [6];
    for (let c = last; centres.length < count; c -= step) centres.splice(1, 0, c);
    for (const cy of centres)
      for (const cx of centres) {
        if ((cx == 6 && cy == 6) || (cx == 6 && cy == last) || (cx == last && cy == 6)) continue;
        for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) set(cx + dx, cy + dy, Math.max(Math.abs(dx), Math.abs(dy)) != 1);
      }
  }
  // Version information (7 and up), in both corners.
  if (version >= 7) {
    const info = bch(version, 0x1f25, 12);
    for (let i = 0; i < 18; i++) {
      const a = size - 11 + (i % 3);
      const b = (i / 3) | 0;
      set(a, b, (info >> i) & 1);
      set(b, a, (info >> i) & 1);
    }
  }
  // Reserve the format areas (written per mask below) and the dark module.
  const drawFormat = (mask: number) => {
    const f = bch(mask, 0x537, 10) ^ 0x5412; // level M is 00, so the mask alone is the 5 data bits
    for (let i = 0; i < 15; i++) {
      const bit = (f >> i) & 1;
      set(8, i < 6 ? i : i < 8 ? i + 1 : size - 15 + i, bit);
      set(i < 8 ? size - 1 - i : i < 9 ? 7 : 14 - i, 8, bit);
    }
    set(8, size - 8, 1);
  };
  drawFormat(0);

  // Data in the zigzag: two columns at a time from the right, up then down, skipping the timing column.
  let bit = 0;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right == 6) right = 5;
    for (let v = 0; v < size; v++)
      for (let j = 0; j < 2; j++) {
        const x = right - j;
        const y = (right + 1) & 2 ? v : size - 1 - v;
        if (!fixed[y * size + x] && bit < codewords.length * 8) {
          grid[y * size + x] = (codewords[bit >> 3]! >> (7 - (bit & 7))) & 1;
          bit++;
        }
      }
  }

  const apply = (mask: number) => {
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (!fixed[y * size + x] && flips(mask, x, y)) grid[y * size + x]! ^= 1;
    drawFormat(mask);
  };
  let best = forceMask ?? 0;
  if (forceMask === undefined) {
    let lowest = Infinity;
    for (let mask = 0; mask < 8; mask++) {
      apply(mask);
      const score = penalty(grid, size);
      if (score < lowest) [lowest, best] = [score, mask];
      apply(mask); // XOR again: undone
    }
  }
  apply(best);
  return { size, modules: grid };
}

/** The spec's four penalty rules; the mask with the lowest total is the most readable. */
function penalty(grid: Uint8Array, size: number): number {
  let score = 0;
  let dark = 0;
  for (let pass = 0; pass < 2; pass++)
    for (let a = 0; a < size; a++) {
      let run = 0;
      let pattern = 0;
      for (let b = 0; b < size; b++) {
        const cell = pass ? grid[b * size + a]! : grid[a * size + b]!;
        const prev = b ? (pass ? grid[(b - 1) * size + a]! : grid[a * size + b - 1]!) : -1;
        run = cell === prev ? run + 1 : 1;
        if (run == 5) score += 3;
        else if (run > 5) score++;
        // The finder-like 1011101 with four light modules on one side, as an 11-bit window.
        pattern = ((pattern << 1) | cell) & 0x7ff;
        if (b >= 10 && (pattern == 0x5d0 || pattern == 0x05d)) score += 40;
        if (!pass) {
          dark += cell;
          if (a && b && cell === grid[(a - 1) * size + b] && cell === prev && cell === grid[(a - 1) * size + b - 1]) score += 3;
        }
      }
    }
  return score + ((Math.abs((dark * 20) / (size * size) - 10) | 0) * 10);
}
