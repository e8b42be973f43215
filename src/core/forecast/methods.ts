import { croston } from './croston.js';
import { damped } from './damped.js';
import { constantForecast, etsAuto, fitEts, etsForecast } from './ets.js';
import { meanForecast, naive, snaive } from './naive.js';
import { isConstant } from './stats.js';
import { theta } from './theta.js';
import type { ForecastResult } from './types.js';

/** A single (non-automatic) method. */
export type BaseMethod = 'snaive' | 'naive' | 'mean' | 'ses' | 'ets' | 'damped' | 'theta' | 'croston' | 'sba';

export interface MethodOptions {
  seed?: number;
  /** Smoothing weight for croston/sba (default 0.1, as R). */
  alpha?: number;
  /** Disallow seasonal models (used when a borrowed seasonal profile has already been removed). */
  nonSeasonal?: boolean;
}

/** Simple exponential smoothing by maximum likelihood (ETS(A,N,N)); needs 7 observations. */
function ses(y: readonly number[], h: number): ForecastResult | undefined {
  if (y.length > 0 && isConstant(y)) return constantForecast(y, h, 'ses(constant)');
  if (y.length < 7) return undefined;
  const fit = fitEts(y, { error: 'A', trend: 'N', season: 'N' });
  return fit ? { ...etsForecast(fit, h), method: 'ses' } : undefined;
}

/**
 * Runs one method; undefined when the series is too short for it (the caller falls back).
 * m = 1 (no seasonality) when opts.nonSeasonal.
 */
export function runMethod(method: BaseMethod, y: readonly number[], h: number, opts: MethodOptions = {}): ForecastResult | undefined {
  const m = opts.nonSeasonal ? 1 : 12;
  switch (method) {
    case 'snaive':
      return m === 1 ? { ...naive(y, h), notes: ['seasonal profile borrowed: naive on adjusted data'] } : snaive(y, h);
    case 'naive':
      return naive(y, h);
    case 'mean':
      return meanForecast(y, h);
    case 'ses':
      return ses(y, h);
    case 'ets':
      return etsAuto(y, h, { seed: opts.seed, m });
    case 'damped':
      return damped(y, h, m);
    case 'theta':
      return theta(y, h, m);
    case 'croston':
    case 'sba':
      return croston(y, h, { alpha: opts.alpha, variant: method });
  }
}
