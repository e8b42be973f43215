import { constantForecast, etsForecast, fitEts } from './ets.js';
import { seasonalAdjust } from './theta.js';
import { isConstant } from './stats.js';
import { PERIOD, type ForecastResult } from './types.js';

/**
 * Damped-trend exponential smoothing on seasonally adjusted data (the M3 "DAMPEN" recipe):
 * thetaf's seasonality test and classical indices (see seasonalAdjust), ETS(A,Ad,N) by maximum likelihood,
 * then means and sds multiplied back by the indices. Undefined when the series is too short for
 * the five-parameter model (fewer than 8 observations).
 */
export function damped(y: readonly number[], h: number, m = PERIOD): ForecastResult | undefined {
  if (y.length > 0 && isConstant(y)) return constantForecast(y, h, 'damped(constant)');
  if (y.length < 8) return undefined;
  const sa = seasonalAdjust(y, m);
  const fit = fitEts(sa.adjusted, { error: 'A', trend: 'Ad', season: 'N' }, { m });
  if (!fit) return undefined;
  const r = etsForecast(fit, h);
  return sa.reseasonalise({ ...r, method: sa.seasonal ? 'damped(seasonal)' : 'damped', params: { ...r.params, seasonal: sa.seasonal !== false } });
}
