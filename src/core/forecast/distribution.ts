import { normalCdf, normalQuantile } from './stats.js';
import type { ForecastResult } from './types.js';

/** A 1-based forecast month h, or an inclusive range [h1, h2] whose months are summed (e.g. a quarter). */
export type StepRange = number | readonly [number, number];

function bounds(r: ForecastResult, range: StepRange): [number, number] {
  const [a, b] = typeof range === 'number' ? [range, range] : range;
  const h = r.mean.length;
  const lo = Math.max(1, Math.min(a, b));
  const hi = Math.min(h, Math.max(a, b));
  if (!(lo <= hi)) throw new RangeError(`forecast steps ${a}..${b} outside 1..${h}`);
  return [lo, hi];
}

/**
 * Normal approximation of one month or of the sum of months h1..h2.
 *
 * Correlation assumption for sums: forecast errors follow a linear innovations form
 * e_i = Σ_{k<i} c_k·ε_{i−k} with independent ε of variance σ² = sd[0]², c_0 = 1 and non-negative
 * weights recovered from how the variance grows, c_k = √((sd_k² − sd_{k−1}²)/σ²). Then
 * cov(e_i, e_j) = σ² Σ_{k≤i} c_k·c_{k+j−i} (i ≤ j); the implied correlations are applied to the
 * actual per-month sds (variances are never decreasing in this form, so weights come from their
 * running maximum; seasonally rescaled sds dip). Exact for naive (random walk), seasonal naive,
 * SES/Theta and the additive-error ETS models; an approximation for the others (multiplicative
 * errors, combinations). Leading months with zero sd (known values) are skipped: the innovations start
 * at the first month with spread.
 */
export function sumDistribution(r: ForecastResult, range: StepRange): { mean: number; sd: number } {
  const [lo, hi] = bounds(r, range);
  let mean = 0;
  for (let i = lo - 1; i < hi; i++) mean += r.mean[i];
  // Innovations start at the first month with spread: a leading month scaled to zero (e.g. a current
  // month that has fully elapsed) is known, not perfectly correlated with everything after it.
  let f = 0;
  while (f < hi && !(r.sd[f] > 0)) f++;
  if (f >= hi) return { mean, sd: 0 };
  const s2 = r.sd[f] * r.sd[f];
  // Weights from the running maximum of the variance, so seasonally scaled sds (which dip) still give valid weights.
  const c = [1];
  let vmax = s2;
  for (let k = f + 1; k < hi; k++) {
    const v = Math.max(vmax, r.sd[k] * r.sd[k]);
    c.push(Math.sqrt((v - vmax) / s2));
    vmax = v;
  }
  const cov = (i: number, j: number): number => {
    let acc = 0;
    for (let k = 0; k <= i; k++) acc += c[k] * c[k + j - i];
    return acc;
  };
  let variance = 0;
  for (let i = Math.max(lo - 1, f); i < hi; i++) {
    variance += r.sd[i] * r.sd[i];
    for (let j = i + 1; j < hi; j++) variance += (2 * r.sd[i] * r.sd[j] * cov(i - f, j - f)) / Math.sqrt(cov(i - f, i - f) * cov(j - f, j - f));
  }
  return { mean, sd: Math.sqrt(variance) };
}

/**
 * P(value ≥ x) for month h or the sum of months h1..h2 under the normal approximation above.
 * With zero spread it is 1 when the mean reaches x, else 0. For a nonNegative result x ≤ 0 gives 1.
 */
export function probAtLeast(r: ForecastResult, range: StepRange, x: number): number {
  if (r.nonNegative && x <= 0) return 1;
  const d = sumDistribution(r, range);
  if (d.sd === 0) return d.mean >= x ? 1 : 0;
  return 1 - normalCdf((x - d.mean) / d.sd);
}

/** The p-quantile (0 < p < 1) of month h or of the sum of months h1..h2; floored at 0 for nonNegative results. */
export function quantile(r: ForecastResult, range: StepRange, p: number): number {
  const d = sumDistribution(r, range);
  const q = d.mean + normalQuantile(Math.min(1 - 1e-12, Math.max(1e-12, p))) * d.sd;
  return r.nonNegative ? Math.max(0, q) : q;
}
