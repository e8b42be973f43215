/** Small statistics for the audit: binomial z-scores against a shrunk baseline, percentiles, medians. */

/**
 * A baseline share shrunk toward the even-spread share `prior` with the weight of `priorDeals` deals:
 * a short history cannot produce a baseline of 0 that makes any period-end deal look extreme.
 */
export const shrunkShare = (hits: number, total: number, prior: number, priorDeals: number): number =>
  (hits + prior * priorDeals) / (total + priorDeals);

/** How many standard deviations `k` of `n` lies above the expected share `p` (binomial). */
export function binomialZ(k: number, n: number, p: number): number {
  const sd = Math.sqrt(n * p * (1 - p));
  return sd > 0 ? (k - n * p) / sd : k > n * p ? Infinity : 0;
}

/** Share of the reference values strictly below `value` (0 … 1); 0 for an empty reference. */
export const percentileOf = (value: number, reference: readonly number[]): number =>
  reference.length ? reference.filter((r) => r < value).length / reference.length : 0;

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export const sameAmount = (a: number, b: number, tolerance: number): boolean =>
  Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
