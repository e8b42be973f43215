import { normalResult, type ForecastResult } from './types.js';
import { rms } from './stats.js';

/**
 * Croston's method for intermittent demand, as R's forecast::croston(): non-zero demand sizes and
 * the intervals between them (the first interval counts from the start) are each smoothed by SES
 * with weight α, starting at their first value; the per-period rate is size/interval. SBA
 * (Syntetos–Boylan) multiplies it by 1 − α/2 to remove Croston's upward bias.
 *
 * Intervals (Croston defines none): σ is the RMS of one-step errors y_t − rate_{t−1} after the
 * first demand, and sd_i = σ·√(1 + (i − 1)α²), the SES formula; bounds are normal (floor them with
 * nonNegative).
 */
export function croston(y: readonly number[], h: number, opts: { alpha?: number; variant?: 'croston' | 'sba' } = {}): ForecastResult {
  const alpha = opts.alpha ?? 0.1;
  const variant = opts.variant ?? 'croston';
  const coeff = variant === 'sba' ? 1 - alpha / 2 : 1;
  let z = NaN;
  let p = NaN;
  let gap = 0;
  const errs: number[] = [];
  for (const v of y) {
    gap++;
    if (!Number.isNaN(z)) errs.push(v - (coeff * z) / p);
    if (v !== 0) {
      if (Number.isNaN(z)) {
        z = v;
        p = gap;
      } else {
        z += alpha * (v - z);
        p += alpha * (gap - p);
      }
      gap = 0;
    }
  }
  const rate = Number.isNaN(z) ? 0 : (coeff * z) / p;
  const sigma = errs.length >= 2 ? rms(errs) : Math.abs(rate);
  const sd = Array.from({ length: h }, (_, i) => sigma * Math.sqrt(1 + i * alpha * alpha));
  return normalResult(variant, { alpha, size: Number.isNaN(z) ? 0 : z, interval: Number.isNaN(p) ? 0 : p }, new Array<number>(h).fill(rate), sd, sigma);
}
