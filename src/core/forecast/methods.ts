import { croston } from './croston.js';
import { damped } from './damped.js';
import { constantForecast, etsAuto, fitEts, etsForecast } from './ets.js';
import { meanForecast, naive, snaive, staticTarget } from './naive.js';
import { isConstant } from './stats.js';
import { decomposeAdjust, theta } from './theta.js';
import { PERIOD, type ForecastResult, type Period } from './types.js';

/** A single (non-automatic) method. */
export type BaseMethod = 'snaive' | 'naive' | 'mean' | 'ses' | 'ets' | 'damped' | 'theta' | 'croston' | 'sba' | 'moq' | 'static';

export interface MethodOptions {
  seed?: number;
  /** Smoothing weight for croston/sba (default 0.1, as R). */
  alpha?: number;
  /** Disallow seasonal models (used when a borrowed seasonal profile has already been removed). */
  nonSeasonal?: boolean;
  /** Seasonal cycle of the series (default 12, monthly). */
  period?: Period;
}

/** Simple exponential smoothing by maximum likelihood (ETS(A,N,N)); needs 7 observations. */
function ses(y: readonly number[], h: number): ForecastResult | undefined {
  if (y.length > 0 && isConstant(y)) return constantForecast(y, h, 'ses(constant)');
  if (y.length < 7) return undefined;
  const fit = fitEts(y, { error: 'A', trend: 'N', season: 'N' });
  return fit ? { ...etsForecast(fit, h), method: 'ses' } : undefined;
}

/**
 * Month-of-quarter profile: sales that bunch in a quarter's last month repeat that shape every three
 * months, which a short history shows long before a yearly cycle can be estimated. Classical
 * decomposition with a 3-month cycle (no seasonality test: backtests decide whether it helps), SES on
 * the adjusted months (their mean under 7 months), reseasonalised. Needs 6 months (two quarters).
 */
function quarterShape(y: readonly number[], h: number): ForecastResult | undefined {
  if (y.length < 6) return undefined;
  const sa = decomposeAdjust(y, 3);
  if (!sa.seasonal) return undefined;
  const level = ses(sa.adjusted, h) ?? meanForecast(sa.adjusted, h);
  return sa.reseasonalise({ ...level, method: 'moq', params: { ...level.params, level: level.method } });
}

/**
 * Runs one method; undefined when the series is too short for it (the caller falls back).
 * m = 1 (no seasonality) when opts.nonSeasonal, else opts.period. The month-of-quarter profile
 * exists for monthly series only.
 */
export function runMethod(method: BaseMethod, y: readonly number[], h: number, opts: MethodOptions = {}): ForecastResult | undefined {
  const period = opts.period ?? PERIOD;
  const m = opts.nonSeasonal ? 1 : period;
  switch (method) {
    case 'snaive':
      if (m > 1) return snaive(y, h, m);
      return opts.nonSeasonal ? { ...naive(y, h), notes: ['seasonal profile borrowed: naive on adjusted data'] } : naive(y, h);
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
    case 'moq':
      return period === PERIOD ? quarterShape(y, h) : undefined;
    case 'static':
      return staticTarget(y, h, period);
  }
}
