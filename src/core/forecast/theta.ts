import { isSeasonal, seasonalFigure } from './decompose.js';
import { constantForecast, fitEts } from './ets.js';
import { isConstant, linearFit } from './stats.js';
import { normalResult, PERIOD, scaleResult, shiftResult, type ForecastResult } from './types.js';

/** A seasonally adjusted series and how to put the season back into a forecast of it. */
export interface SeasonalAdjustment {
  adjusted: number[];
  seasonal: false | 'multiplicative' | 'additive';
  reseasonalise: (r: ForecastResult) => ForecastResult;
}

/**
 * Seasonal adjustment shared by theta and the damped-trend method, as thetaf(): when the series
 * passes the ACF(m) 90 % test, classical decomposition. Non-negative data (sales with zero months
 * included, as thetaf) are divided by multiplicative indices: a zero month has a zero ratio to its
 * moving average, which pulls its month's index down instead of disabling the adjustment; phases
 * whose moving average is 0 are skipped. Data with negative values get additive indices. An index of
 * ~0 (a month that is always empty) cannot be divided by: the series is left unadjusted, as thetaf.
 */
export function seasonalAdjust(y: readonly number[], m = PERIOD): SeasonalAdjustment {
  return isSeasonal(y, m) ? decomposeAdjust(y, m) : unadjusted(y);
}

const unadjusted = (y: readonly number[]): SeasonalAdjustment => ({ adjusted: [...y], seasonal: false, reseasonalise: (r) => r });

/** seasonalAdjust without the seasonality test (for a profile chosen by backtest, not by the ACF). Needs m > 1. */
export function decomposeAdjust(y: readonly number[], m: number): SeasonalAdjustment {
  const plain = unadjusted(y);
  const n = y.length;
  const phase = (h: number) => Array.from({ length: h }, (_, i) => (n + i) % m);
  if (y.every((v) => v >= 0)) {
    const fig = seasonalFigure(y, 'multiplicative', m);
    if (fig.some((f) => Math.abs(f) < 1e-4 || !Number.isFinite(f))) return plain;
    return {
      adjusted: y.map((v, t) => v / fig[t % m]),
      seasonal: 'multiplicative',
      reseasonalise: (r) => scaleResult(r, phase(r.mean.length).map((p) => fig[p])),
    };
  }
  const fig = seasonalFigure(y, 'additive', m);
  return {
    adjusted: y.map((v, t) => v - fig[t % m]),
    seasonal: 'additive',
    reseasonalise: (r) => shiftResult(r, phase(r.mean.length).map((p) => fig[p])),
  };
}

/**
 * The Theta method as R's forecast::thetaf(): seasonal adjustment (see seasonalAdjust), simple
 * exponential smoothing fitted by MSE, plus half the slope of the linear trend with thetaf's drift
 * term b/2·(i − 1 + (1 − (1 − α)^n)/α), then reseasonalised. sd_i = σ·√(1 + (i − 1)α²) as thetaf,
 * except that here a multiplicative index also scales the sd (thetaf leaves it unscaled).
 * Needs 3 observations; undefined below that.
 */
export function theta(y: readonly number[], h: number, m = PERIOD): ForecastResult | undefined {
  const n = y.length;
  if (n > 0 && isConstant(y)) return constantForecast(y, h, 'theta(constant)');
  if (n < 3) return undefined;
  const sa = seasonalAdjust(y, m);
  const x = sa.adjusted;
  const ses = fitEts(x, { error: 'A', trend: 'N', season: 'N' }, { crit: 'mse', m });
  if (!ses) return undefined;
  const alpha = Math.max(1e-10, ses.alpha);
  const drift = linearFit(x, 0).slope / 2;
  const lead = (1 - Math.pow(1 - alpha, n)) / alpha;
  const mean: number[] = [];
  const sd: number[] = [];
  const sigma = Math.sqrt(ses.sigma2);
  for (let i = 0; i < h; i++) {
    mean.push(ses.level + drift * (i + lead));
    sd.push(sigma * Math.sqrt(1 + i * alpha * alpha));
  }
  const base = normalResult(sa.seasonal ? 'theta(seasonal)' : 'theta', { alpha, drift, seasonal: sa.seasonal !== false }, mean, sd, ses.residualSd);
  return sa.reseasonalise(base);
}
