import { median } from './stats.js';
import type { ForecastResult } from './types.js';

/**
 * Combines forecasts of the same horizon: the point forecast is the mean or median of the members'
 * means; sd is the members' average sd (assumes their errors are strongly correlated, which is
 * conservative); each bound is the combined mean plus the members' average offset of that bound.
 */
export function combine(members: readonly ForecastResult[], how: 'mean' | 'median' = 'mean'): ForecastResult {
  const h = members[0].mean.length;
  const k = members.length;
  const avg = (f: (r: ForecastResult) => number): number => members.reduce((s, r) => s + f(r), 0) / k;
  const mean: number[] = [];
  const out: ForecastResult = {
    method: `combo-${how}(${members.map((r) => r.method).join(',')})`,
    params: { members: members.map((r) => r.method).join(','), how },
    mean,
    sd: [],
    lower80: [],
    upper80: [],
    lower95: [],
    upper95: [],
    fittedResidualSd: avg((r) => r.fittedResidualSd),
    nonNegative: false,
    notes: members.flatMap((r) => r.notes),
  };
  for (let i = 0; i < h; i++) {
    const c = how === 'mean' ? avg((r) => r.mean[i]) : median(members.map((r) => r.mean[i]));
    mean.push(c);
    out.sd.push(avg((r) => r.sd[i]));
    out.lower80.push(c + avg((r) => r.lower80[i] - r.mean[i]));
    out.upper80.push(c + avg((r) => r.upper80[i] - r.mean[i]));
    out.lower95.push(c + avg((r) => r.lower95[i] - r.mean[i]));
    out.upper95.push(c + avg((r) => r.upper95[i] - r.mean[i]));
  }
  return out;
}
