import { isSeasonal, seasonalFigure } from './decompose.js';
import { constantForecast, fitEts } from './ets.js';
import { isConstant, linearFit } from './stats.js';
import { normalResult, PERIOD, scaleResult, type ForecastResult } from './types.js';

/**
 * Seasonal adjustment shared by theta and the damped-trend method, as thetaf(): when the series
 * passes the ACF(m) 90 % test, divide by classical multiplicative indices; `factors(h)` gives the
 * indices to reseasonalise h forecasts. Non-positive data are never adjusted multiplicatively.
 */
export function seasonalAdjust(y: readonly number[], m = PERIOD): { adjusted: number[]; seasonal: boolean; factors: (h: number) => number[]; figure?: number[] } {
  const plain = { adjusted: [...y], seasonal: false, factors: (h: number) => new Array<number>(h).fill(1) };
  if (!y.every((v) => v > 0) || !isSeasonal(y, m)) return plain;
  const fig = seasonalFigure(y, 'multiplicative', m);
  if (fig.some((f) => Math.abs(f) < 1e-4 || !Number.isFinite(f))) return plain;
  const n = y.length;
  return {
    adjusted: y.map((v, t) => v / fig[t % m]),
    seasonal: true,
    figure: fig,
    factors: (h: number) => Array.from({ length: h }, (_, i) => fig[(n + i) % m]),
  };
}

/**
 * The Theta method as R's forecast::thetaf(): seasonal adjustment (see seasonalAdjust), simple
 * exponential smoothing fitted by MSE, plus half the slope of the linear trend with thetaf's drift
 * term b/2·(i − 1 + (1 − (1 − α)^n)/α), then reseasonalised. sd_i = σ·√(1 + (i − 1)α²) as thetaf,
 * except that here the sd is also multiplied by the seasonal index (thetaf leaves it unscaled).
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
  const base = normalResult(sa.seasonal ? 'theta(seasonal)' : 'theta', { alpha, drift, seasonal: sa.seasonal }, mean, sd, ses.residualSd);
  return sa.seasonal ? scaleResult(base, sa.factors(h)) : base;
}
