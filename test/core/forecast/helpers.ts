/** Twelve multiplicative indices with mean 1 used by several tests. */
export const INDEX = [0.8, 0.9, 1.0, 1.1, 1.3, 1.2, 1.0, 0.9, 0.85, 0.95, 1.05, 0.95];

export const seasonal = (years: number, level = 100): number[] => Array.from({ length: 12 * years }, (_, t) => level * INDEX[t % 12]);

/** Deterministic noise in [−1, 1] (a fixed LCG), so tests do not depend on Math.random. */
export function noise(n: number, seed = 7): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648) * 2 - 1;
  });
}
