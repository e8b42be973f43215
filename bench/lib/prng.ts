/** Seeded randomness for the generator: mulberry32 plus the few distributions realistic exports need. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  int(lo: number, hiInclusive: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  normal(mean?: number, sd?: number): number;
  /** exp(N(mu, sigma)): deal sizes, cycle lengths. */
  logNormal(median: number, sigma: number): number;
  poisson(lambda: number): number;
}

/** Mixes a seed and a stream label into an independent 32-bit seed, so streams do not shift each other. */
export function deriveSeed(seed: number, stream: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < stream.length; i++) {
    h = Math.imul(h ^ stream.charCodeAt(i), 0x85ebca6b);
    h ^= h >>> 13;
  }
  h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35);
  return (h ^ (h >>> 15)) >>> 0;
}

export function rng(seed: number, stream = ''): Rng {
  let a = deriveSeed(seed, stream);
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (mean = 0, sd = 1) => {
    const u = 1 - next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    normal,
    logNormal: (median, sigma) => median * Math.exp(sigma * normal()),
    poisson(lambda) {
      if (lambda <= 0) return 0;
      if (lambda > 40) return Math.max(0, Math.round(normal(lambda, Math.sqrt(lambda))));
      const limit = Math.exp(-lambda);
      let k = 0;
      for (let p = next(); p > limit; p *= next()) k++;
      return k;
    },
  };
}
