/**
 * Thompson sampling over offer kinds: each kind's click-through is a Beta(clicks + 1, misses + 1)
 * belief, and each decision samples from it. Kinds nobody clicks sample low and fade; a kind with
 * little data still gets tried now and then. The random source is passed in, so tests are exact.
 */
export interface KindStats {
  shown: number;
  clicked: number;
}

/** Mulberry32: a small seeded generator, enough for sampling (not for secrets). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  // Box–Muller.
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Gamma(shape, 1) by Marsaglia–Tsang, with the shape < 1 boost. */
function gamma(shape: number, random: () => number): number {
  // A NaN shape fails every test below, and the rejection loop would never end.
  if (!(shape > 0 && Number.isFinite(shape))) throw new RangeError(`gamma shape must be positive and finite: ${shape}`);
  if (shape < 1) return gamma(shape + 1, random) * Math.pow(random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function sampleBeta(alpha: number, beta: number, random: () => number): number {
  const x = gamma(alpha, random);
  return x / (x + gamma(beta, random));
}

const countOf = (n: number) => (Number.isFinite(n) && n > 0 ? n : 0);

/** One sampled click-through per kind; kinds without stats sample from the uniform prior. */
export function sampleKindWeights<K extends string>(
  kinds: readonly K[],
  stats: Partial<Record<K, KindStats>>,
  random: () => number,
): Record<K, number> {
  const weights = {} as Record<K, number>;
  for (const kind of kinds) {
    const s = stats[kind] ?? { shown: 0, clicked: 0 };
    // Counts that are not counts (a missing column reads as undefined) weigh as no data.
    const shown = countOf(s.shown);
    const clicked = Math.min(countOf(s.clicked), shown);
    weights[kind] = sampleBeta(clicked + 1, shown - clicked + 1, random);
  }
  return weights;
}
