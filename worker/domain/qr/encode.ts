/**
 * A QR code encoder (ISO/IEC 18004) cut down to what the return code needs: byte mode (UTF-8), error
 * correction level M, versions 1–10 (up to 213 bytes). Written when it shipped in the widget, where
 * bytes counted; the worker now draws the code (GET /v1/o/{token}/return-code.svg), and small still helps.
 */

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
 * Encodes `text`; `forceMask` (0–7) skips the penalty search, so tests can compare each mask with a
 * reference. Throws a RangeError for text over version 10's capacity.
 */
export function encodeQr(text: string, forceMask?: number): { size: number; modules: Uint8Array } {
  const bytes = new TextEncoder().encode(text);
  let v = 0;
  let size = 0;
  let m = new Uint8Array(); // module colours
  let f = m; // 1 where a function pattern sits: data and masks leave it alone
  const set = (x: number, y: number, dark: unknown) => {
    m[y * size + x] = dark ? 1 : 0;
    f[y * size + x] = 1;
  };
  const format = (mask: number) => {
    // Level M's two bits are 00, so the mask number alone is the format's data.
    const bits = bch(mask, 10, 0x537) ^ 0x5412;
    for (let i = 0; i < 15; i++) {
      set(8, i < 6 ? i : i < 8 ? i + 1 : size - 15 + i, (bits >> i) & 1);
      set(i < 8 ? size - 1 - i : i < 9 ? 7 : 14 - i, 8, (bits >> i) & 1);
    }
    set(8, size - 8, 1); // the dark module
  };
  let ec = 0;
  let blocks = 0;
  let capacity = 0;
  // Draw each version's function patterns until the free modules left can hold the data: that count
  // gives the codeword capacity without a table of it.
  do {
    if (++v > 10) throw new RangeError("text too long for a QR code");
    size = v * 4 + 17;
    m = new Uint8Array(size * size);
    f = new Uint8Array(size * size);
    // Finders with their separators: a corner's 8×8 mirrored into place, light at rings 2 and 4.
    for (const [cx, cy] of [[0, 0], [size - 1, 0], [0, size - 1]])
      for (let dy = 0; dy < 8; dy++)
        for (let dx = 0; dx < 8; dx++) {
          const r = Math.max(Math.abs(dx - 3), Math.abs(dy - 3));
          set(Math.abs(cx! - dx), Math.abs(cy! - dy), r != 2 && r != 4);
        }
    // Alignment centres for versions up to 13: 6, the far edge − 7 and, from 7, the midpoint; a
    // centre already inside a finder is skipped (the timing pattern comes after, for that test).
    const at = v < 2 ? [] : v < 7 ? [6, size - 7] : [6, size / 2 - 0.5, size - 7];
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
    // The spec's level M rows for versions 1–10: EC codewords per block (halved, base 36), block count.
    ec = parseInt("58d9c89bbd"[v - 1]!, 36) * 2;
    blocks = +"1112244455"[v - 1]!;
    capacity = (f.filter((x) => !x).length >> 3) - ec * blocks;
    // Mode and length take 12 bits (20 in version 10); the 4-bit terminator then ends on a byte.
  } while (bytes.length + (v < 10 ? 2 : 3) > capacity);

  const bin = (n: number, width: number) => n.toString(2).padStart(width, "0");
  const data = ("0100" + bin(bytes.length, v < 10 ? 8 : 16) + Array.from(bytes, (b) => bin(b, 8)).join("") + "0000").match(/.{8}/g)!.map((b) => parseInt(b, 2));
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
    for (let i = 0; i < size * size; i++) {
      const y = (i / size) | 0;
      const x = i % size;
      const p = x * y;
      if (!f[i] && ![(x + y) % 2, y % 2, x % 3, (x + y) % 3, (((x / 3) | 0) + (y >> 1)) % 2, (p % 2) + (p % 3), (p + (p % 3)) % 2, (x + y + (p % 3)) % 2][mask]) m[i]! ^= 1;
    }
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
    score += ((Math.abs((dark * 20) / size / size - 10) | 0) * 10);
    if (score < lowest) (lowest = score), (best = mask);
    apply(mask); // masks are XOR: applying again undoes it
  }
  apply(best);
  return { size, modules: m };
}
