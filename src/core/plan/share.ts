import type { ForecastResult } from '../forecast/index.js';
import { bi, nounCount, type Bi } from '../i18n.js';
import { stepwise } from './reconcile.js';
import type { RepShare } from './types.js';

/**
 * Months of a rep's own record worth as much as the per-head average in the share: with k months the
 * rep's trailing share gets weight k ÷ (k + 3), so a rep with one quarter is half their own share and
 * half the team's average, and a rep with a year 80 % their own.
 */
export const SHARE_SHRINK_MONTHS = 3;

/**
 * A rep's smoothed trailing share of the team: the rep's won ÷ the team's over the last `window`
 * complete months the rep was there (summing months smooths them), shrunk toward 1 ÷ heads.
 * `rep` and `team` are aligned month by month; `repStart` is the rep's first month in them.
 */
export function repShare(rep: readonly number[], team: readonly number[], repStart: number, heads: number, window: number): RepShare {
  const n = Math.min(rep.length, team.length);
  const from = Math.max(repStart, n - window);
  let r = 0;
  let t = 0;
  for (let i = from; i < n; i++) {
    r += rep[i];
    t += team[i];
  }
  const months = Math.max(0, n - from);
  const perHead = heads > 0 ? 1 / heads : 0;
  const trailing = t > 0 ? r / t : perHead;
  const weight = months / (months + SHARE_SHRINK_MONTHS);
  return { trailing, months, perHead, weight, share: weight * trailing + (1 - weight) * perHead };
}

/**
 * The rep's forecast as `share` of the team's: each month's mean is share × the team's mean; the spread
 * keeps the rep's own relative spread (their own forecast scaled to that mean), or the team's where the
 * rep's own forecast has no mean or no spread to scale.
 */
export function shareForecast(own: ForecastResult, team: ForecastResult, share: number, note: Bi): ForecastResult {
  const from: ForecastResult[] = [];
  const factor: number[] = [];
  team.mean.forEach((tm, i) => {
    const usable = own.mean[i] > 0 && own.sd[i] > 0;
    from.push(usable ? own : team);
    factor.push(usable ? (share * tm) / own.mean[i] : share);
  });
  const r = stepwise(own, from, factor);
  return { ...r, method: 'team-share', params: { share, own: own.method }, notes: [note] };
}

export const shareNote = (s: RepShare, team: string): Bi => {
  const p = (v: number) => `${(v * 100).toFixed(1)}%`;
  return bi(
    `${p(s.share)} of team ${team}: trailing share ${p(s.trailing)} over ${nounCount(s.months, 'month')}, weighted ${p(s.weight)} against the per-head ${p(s.perHead)}`,
    `团队 ${team} 的 ${p(s.share)}：近 ${s.months} 个月占比 ${p(s.trailing)}，权重 ${p(s.weight)}，其余取人均 ${p(s.perHead)}`,
  );
};
