import { acf, isConstant, normalQuantile } from './stats.js';
import { PERIOD } from './types.js';

/**
 * Classical decomposition as R's decompose(): centred 2×m moving average for the trend, then
 * per-phase means of the detrended values, normalised to mean 1 (multiplicative) or 0 (additive).
 * `figure[p]` is the seasonal index for positions t with t % m === p. Needs n ≥ 2m.
 */
export function seasonalFigure(y: readonly number[], type: 'additive' | 'multiplicative', m = PERIOD): number[] {
  const n = y.length;
  const half = m >> 1;
  const sums = new Array<number>(m).fill(0);
  const counts = new Array<number>(m).fill(0);
  for (let t = half; t < n - half; t++) {
    let tr: number;
    if (m % 2 === 0) {
      tr = 0.5 * (y[t - half] + y[t + half]);
      for (let k = t - half + 1; k < t + half; k++) tr += y[k];
    } else {
      tr = 0;
      for (let k = t - half; k <= t + half; k++) tr += y[k];
    }
    tr /= m;
    const d = type === 'multiplicative' ? y[t] / tr : y[t] - tr;
    if (Number.isFinite(d)) {
      sums[t % m] += d;
      counts[t % m] += 1;
    }
  }
  const fig = sums.map((s, p) => (counts[p] > 0 ? s / counts[p] : type === 'multiplicative' ? 1 : 0));
  const avg = fig.reduce((a, b) => a + b, 0) / m;
  return type === 'multiplicative' ? fig.map((f) => (avg !== 0 ? f / avg : 1)) : fig.map((f) => f - avg);
}

/**
 * thetaf's seasonality test: |r_m| exceeds the 90 % one-sided bound of an MA(m−1) null,
 * i.e. |r_m| / sqrt((1 + 2 Σ_{k<m} r_k²) / n) > qnorm(0.95). Requires n > 2m and a non-constant series.
 */
export function isSeasonal(y: readonly number[], m = PERIOD): boolean {
  const n = y.length;
  if (m <= 1 || n <= 2 * m || isConstant(y)) return false;
  const r = acf(y, m);
  let s = 0;
  for (let k = 0; k < m - 1; k++) s += r[k] * r[k];
  const stat = Math.sqrt((1 + 2 * s) / n);
  return Math.abs(r[m - 1]) / stat > normalQuantile(0.95);
}

/**
 * Twelve multiplicative seasonal indices (mean 1) indexed by calendar month 0 = January, for a
 * monthly series with at least 24 months whose first value falls in calendar month `startMonth`.
 * Returns undefined when the series is too short or not strictly positive on average in some month
 * (a profile must be positive to divide by). Meant for borrowing: a team's profile applied to a rep.
 */
export function seasonalProfile(series: readonly number[], startMonth = 0): number[] | undefined {
  const m = PERIOD;
  if (series.length < 2 * m || series.some((v) => !Number.isFinite(v))) return undefined;
  if (series.every((v) => v >= 0) && series.some((v) => v > 0)) {
    // Zeros make the ratio-to-moving-average undefined only where the average is 0; those are skipped.
    const fig = seasonalFigure(series, 'multiplicative', m);
    if (fig.some((f) => !(f > 0) || !Number.isFinite(f))) return undefined;
    const byMonth = new Array<number>(m);
    for (let p = 0; p < m; p++) byMonth[(((startMonth + p) % m) + m) % m] = fig[p];
    return byMonth;
  }
  return undefined;
}

/** Per-position factors for `len` positions starting at series index `from`, from a calendar-month profile. */
export function profileFactors(profile: readonly number[], startMonth: number, from: number, len: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < len; i++) out.push(profile[(((startMonth + from + i) % PERIOD) + PERIOD) % PERIOD]);
  return out;
}
