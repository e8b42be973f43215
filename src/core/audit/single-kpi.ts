import { dayNumber, type LocalTime } from '../calendar.js';
import type { WonDeal } from '../deals.js';
import { bi, type Bi } from '../i18n.js';
import type { AuditConfig } from '../../schema/config/audit.js';
import { amountBi, dealEvidence, scoreText, type RawFlag } from './types.js';

/** A rep's two scores over one span, as `perf evaluate` computes them (0–100; null when not scorable). */
export interface RepScores {
  rep: string;
  team?: string;
  /** won (net of reversals) in the span */
  wonAmount: number;
  /** perf evaluate's results score: 100 × min(attainment, cap) / cap, attainment to date against the pro-rated target */
  results: number | null;
  /** perf score's behaviour score, the mean of the span's monthly scores */
  behaviour: number | null;
  /** what the scores cover, e.g. "2026-09…2026-11, targets of perf forecast" */
  source: Bi;
}

/** The scores and the span they cover, computed by the shell from the score and evaluate cores. */
export interface ScoreInput {
  scores: readonly RepScores[];
  from: LocalTime;
  to: LocalTime;
}

/**
 * Single-KPI risk: reps whose results score stands high (≥ resultsHigh) while their behaviour score is
 * low (< behaviourLow) — the pattern the article warns a results-only KPI breeds.
 */
export function singleKpi(deals: readonly WonDeal[], input: ScoreInput, cfg: AuditConfig): RawFlag[] {
  const inSpan = (d: WonDeal) => dayNumber(d.closed_at) >= dayNumber(input.from) && dayNumber(d.closed_at) <= dayNumber(input.to);
  return input.scores
    .filter((s) => s.results !== null && s.behaviour !== null && s.results >= cfg.resultsHigh && s.behaviour < cfg.behaviourLow)
    .map((s) => ({
      kind: 'single_kpi',
      severity: 'medium',
      level: 'rep',
      rep: s.rep,
      team: s.team,
      value: s.behaviour!,
      expected: cfg.behaviourLow,
      score: s.results!,
      metric: bi('behaviour score (perf score, 0–100) of a rep with a high results score (perf evaluate)', '业绩得分高（perf evaluate）的销售的行为得分（perf score，0–100）'),
      message: bi(
        `${s.rep}: results score ${scoreText(s.results)} (won ${amountBi(s.wonAmount).en}) but behaviour score ${scoreText(s.behaviour)} — results not backed by the path to them`,
        `${s.rep}：业绩得分 ${scoreText(s.results)}（赢单 ${amountBi(s.wonAmount).zh}），行为得分仅 ${scoreText(s.behaviour)}——业绩缺少过程支撑`,
      ),
      evidence: deals.filter((d) => d.rep === s.rep && inSpan(d)).map((d) => dealEvidence(d, bi('won in the span scored', '评分期间的赢单'))),
    }));
}
