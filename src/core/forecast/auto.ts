import { combine } from './combine.js';
import { runMethod, type BaseMethod, type MethodOptions } from './methods.js';
import { meanForecast } from './naive.js';
import type { ForecastResult } from './types.js';

/**
 * Caps a member's spread at that of the unconditional forecast (the historical mean's prediction sd,
 * sd(y)·√(1 + 1/n)): the h-step error variance of any mean-reverting process converges to the series'
 * own variance, whereas random-walk-like fits (α ≈ 1) let it grow with h without bound; on a short
 * series fitted through a rise and a collapse that extrapolates a spread the data never showed (an 80 %
 * range for a year's deal count several times the last year's total). Means are untouched; each bound's
 * offset from the mean shrinks in the same ratio as the sd, so asymmetric (simulated) bounds keep their shape.
 */
export function capSpread(r: ForecastResult, y: readonly number[]): ForecastResult {
  const cap = meanForecast(y, 1).sd[0];
  if (!(cap > 0) || r.sd.every((v) => v <= cap)) return r;
  const k = r.sd.map((v) => (v > cap ? cap / v : 1));
  const shrink = (b: number[]): number[] => b.map((v, i) => r.mean[i] + (v - r.mean[i]) * k[i]);
  return {
    ...r,
    sd: r.sd.map((v) => Math.min(v, cap)),
    lower80: shrink(r.lower80),
    upper80: shrink(r.upper80),
    lower95: shrink(r.lower95),
    upper95: shrink(r.upper95),
    params: { ...r.params, sdCap: cap },
  };
}

/** Members of the combination: automatic ETS, Theta and damped trend. */
export const COMBO_MEMBERS: readonly BaseMethod[] = ['ets', 'theta', 'damped'];

/** Mean of whichever of ETS, Theta and damped trend can be fitted; undefined if none can. */
export function comboForecast(y: readonly number[], h: number, opts: MethodOptions = {}, how: 'mean' | 'median' = 'mean'): ForecastResult | undefined {
  const members: ForecastResult[] = [];
  for (const m of COMBO_MEMBERS) {
    const r = runMethod(m, y, h, opts);
    if (r) members.push(capSpread(r, y));
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
    if (r) {
      const capped = c === 'combo' ? r : capSpread(r, y);
      return { ...capped, params: { ...capped.params, selectedBy: 'rolling-origin CV' } };
    }
  }
  return undefined;
}
