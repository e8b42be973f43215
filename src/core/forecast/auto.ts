import { combine } from './combine.js';
import { runMethod, type BaseMethod, type MethodOptions } from './methods.js';
import type { ForecastResult } from './types.js';

/** Members of the combination: automatic ETS, Theta and damped trend. */
export const COMBO_MEMBERS: readonly BaseMethod[] = ['ets', 'theta', 'damped'];

/** Mean of whichever of ETS, Theta and damped trend can be fitted; undefined if none can. */
export function comboForecast(y: readonly number[], h: number, opts: MethodOptions = {}, how: 'mean' | 'median' = 'mean'): ForecastResult | undefined {
  const members: ForecastResult[] = [];
  for (const m of COMBO_MEMBERS) {
    const r = runMethod(m, y, h, opts);
    if (r) members.push(r);
  }
  if (members.length === 0) return undefined;
  if (members.length === 1) return members[0];
  return combine(members, how);
}

export type Candidate = BaseMethod | 'combo';

const runCandidate = (c: Candidate, y: readonly number[], h: number, opts: MethodOptions): ForecastResult | undefined =>
  c === 'combo' ? comboForecast(y, h, opts) : runMethod(c, y, h, opts);

/**
 * Rolling-origin selection on the series' own history: each candidate forecasts from origins
 * n − k·step (k = 1..origins) to min(origin + h, n); the one with the lowest total absolute error
 * forecasts the future. Origins leaving fewer than `minTrain` observations are skipped; with none
 * left, the first candidate wins.
 */
export function cvSelect(
  y: readonly number[],
  h: number,
  candidates: readonly Candidate[],
  opts: MethodOptions & { origins?: number; step?: number; minTrain?: number } = {},
): ForecastResult | undefined {
  const origins = opts.origins ?? 3;
  const step = opts.step ?? 6;
  const minTrain = opts.minTrain ?? 24;
  const n = y.length;
  const errors = new Map<Candidate, number>();
  for (let k = 1; k <= origins; k++) {
    const o = n - k * step;
    if (o < minTrain) break;
    const train = y.slice(0, o);
    const hh = Math.min(h, n - o);
    for (const c of candidates) {
      const r = runCandidate(c, train, hh, opts);
      let e = 0;
      if (!r) e = Infinity;
      else for (let i = 0; i < hh; i++) e += Math.abs(y[o + i] - r.mean[i]);
      errors.set(c, (errors.get(c) ?? 0) + e);
    }
  }
  const ranked = [...candidates].sort((a, b) => (errors.get(a) ?? 0) - (errors.get(b) ?? 0));
  for (const c of ranked) {
    const r = runCandidate(c, y, h, opts);
    if (r) return { ...r, params: { ...r.params, selectedBy: 'rolling-origin CV' } };
  }
  return undefined;
}
