import { dayNumber } from '../calendar.js';
import type { WonDeal } from '../deals.js';
import { bi, type Bi } from '../i18n.js';
import type { Activity } from '../../schema/rows.js';
import type { AuditConfig } from '../../schema/config/audit.js';
import { dealEvidence, type RawFlag } from './types.js';
import { round } from './stats.js';

const TOUCHES = new Set(['call', 'visit', 'email']);
/** The article's customer-touch KBI: at least 8 calls, visits or e-mails a week. */
export const TOUCHES_PER_WEEK = 8;

export interface RepScores {
  rep: string;
  team?: string;
  wonAmount: number;
  /** 0–100: share of the other reps who won less in the same span */
  results: number;
  /** 0–100 */
  behaviour: number;
  behaviourSource: Bi;
}

/**
 * Behaviour without the score engine: effective customer touches per week against the article's 8,
 * as 0–100, over the span the activity log covers.
 */
export function touchScores(activities: readonly Activity[], from: number, to: number): Map<string, number> {
  const weeks = Math.max(1, (to - from + 1) / 7);
  const touches = new Map<string, number>();
  for (const a of activities) {
    touches.set(a.rep, (touches.get(a.rep) ?? 0) + (TOUCHES.has(a.type) && a.effective !== false ? 1 : 0));
  }
  return new Map([...touches].map(([rep, n]) => [rep, round(Math.min(100, (100 * n) / weeks / TOUCHES_PER_WEEK), 1)]));
}

/**
 * Single-KPI risk: reps whose results stand high while their behaviour score is low — the pattern
 * the article warns a results-only KPI breeds. Results are won amounts in the span the activity log
 * covers, ranked among the reps.
 */
export function singleKpi(
  deals: readonly WonDeal[],
  activities: readonly Activity[],
  behaviour: ReadonlyMap<string, number> | undefined,
  behaviourSource: Bi,
  cfg: AuditConfig,
): { scores: RepScores[]; flags: RawFlag[] } {
  if (activities.length === 0) return { scores: [], flags: [] };
  const days = activities.map((a) => dayNumber(a.at));
  const from = Math.min(...days);
  const to = Math.max(...days);
  const behaviourOf = behaviour ?? touchScores(activities, from, to);
  const inSpan = deals.filter((d) => dayNumber(d.closed_at) >= from && dayNumber(d.closed_at) <= to);
  const reps = new Map<string, { team?: string; amount: number; deals: WonDeal[] }>();
  for (const a of activities) if (!reps.has(a.rep)) reps.set(a.rep, { team: a.team ?? a.region, amount: 0, deals: [] });
  for (const d of inSpan) {
    const r = reps.get(d.rep) ?? reps.set(d.rep, { team: d.team ?? d.region, amount: 0, deals: [] }).get(d.rep)!;
    r.amount += d.amount ?? 0;
    r.deals.push(d);
  }
  const amounts = [...reps.values()].map((r) => r.amount);
  const scores: RepScores[] = [...reps].map(([rep, r]) => ({
    rep,
    team: r.team,
    wonAmount: r.amount,
    results: amounts.length > 1 ? round((100 * amounts.filter((a) => a < r.amount).length) / (amounts.length - 1), 1) : 100,
    behaviour: behaviourOf.get(rep) ?? 0,
    behaviourSource,
  }));
  const flags: RawFlag[] = scores
    .filter((s) => s.wonAmount > 0 && s.results >= cfg.resultsHigh && s.behaviour < cfg.behaviourLow)
    .map((s) => ({
      kind: 'single_kpi',
      severity: 'medium',
      level: 'rep',
      rep: s.rep,
      team: s.team,
      value: s.behaviour,
      expected: cfg.behaviourLow,
      score: s.results,
      metric: bi('behaviour score (0–100) of a rep with high results', '业绩靠前的销售的行为得分（0–100）'),
      message: bi(
        `${s.rep}: results score ${s.results} (won ${s.wonAmount}) but behaviour score ${s.behaviour} — results not backed by the path to them`,
        `${s.rep}：业绩得分 ${s.results}（赢单 ${s.wonAmount}），行为得分仅 ${s.behaviour}——业绩缺少过程支撑`,
      ),
      evidence: reps.get(s.rep)!.deals.map((d) => dealEvidence(d, bi('won in the span of the activity log', '活动记录期间的赢单'))),
    }));
  return { scores, flags };
}
