import { bi, type Bi } from '../i18n.js';
import type { ScoreConfig } from '../../schema/config/score.js';
import { KBI_IDS, type KbiId } from '../../schema/kbis.js';
import type { KbiValue } from './types.js';

export const KBI_LABELS: Record<KbiId, Bi> = {
  touch: bi('Customer touch', '客户触达'),
  needs: bi('Needs discovery', '需求挖掘'),
  demo: bi('Solution presentation', '方案呈现'),
  objection: bi('Objection handling', '异议处理'),
  upkeep: bi('Relationship upkeep', '关系维护'),
};

/** Column headers for the text leaderboard, where five full labels would not fit a 100-column terminal. */
export const KBI_SHORT: Record<KbiId, Bi> = {
  touch: bi('Touch', '触达'),
  needs: bi('Needs', '需求'),
  demo: bi('Demo', '演示'),
  objection: bi('Objection', '异议'),
  upkeep: bi('Upkeep', '回访'),
};

/** What a KBI's threshold counts, for a threshold above one ("≥ 8 touches per week")… */
const KBI_UNITS: Record<KbiId, Bi> = {
  touch: bi('touches per week', '次/周'),
  needs: bi('interviews per customer or won deal', '轮/客户或赢单'),
  demo: bi('demos before each won deal', '次演示/赢单（成交前）'),
  objection: bi('objection log after each contact', '每次接触后更新异议清单'),
  upkeep: bi('revisits per signed customer per month', '次回访/签约客户/月'),
};

/** …and for a threshold of one ("≥ 1 demo before each won deal"). */
const KBI_UNITS_ONE: Record<KbiId, Bi> = {
  touch: bi('touch per week', '次/周'),
  needs: bi('interview per customer or won deal', '轮/客户或赢单'),
  demo: bi('demo before each won deal', '次演示/赢单（成交前）'),
  objection: KBI_UNITS.objection,
  upkeep: bi('revisit per signed customer per month', '次回访/签约客户/月'),
};

export const kbiUnit = (k: KbiId, threshold: number): Bi => (threshold === 1 ? KBI_UNITS_ONE : KBI_UNITS)[k];

export const kbiThreshold = (c: ScoreConfig, k: KbiId): number =>
  k === 'touch' ? c.touch.perWeek : k === 'needs' ? c.needs.perCustomer : 1;

/**
 * Checks per KBI, flat: for each KBI in KBI_IDS order, those that fell due and passed, those that fell due,
 * those not yet due at --as-of, and the sum of the due ones' actual values (for the average). One number array per
 * rep-week and rep-month instead of an object per KBI: six times fewer objects for the pass to build, the
 * collector to trace and a piece's state to copy across threads.
 */
export type Tallies = number[];
/** numbers per KBI in Tallies */
export const TALLY_WIDTH = 4;

const NO_TALLIES: Tallies = KBI_IDS.flatMap(() => [0, 0, 0, 0]);

// A copy of an array of zeros is as long as it and packed (one pushed full would take room for twice as many).
export const emptyTallies = (): Tallies => NO_TALLIES.slice();

export function addTallies(into: Tallies, from: Tallies): void {
  for (let i = 0; i < into.length; i++) into[i] += from[i];
}

export const kbiValues = (c: ScoreConfig, t: Tallies): KbiValue[] =>
  KBI_IDS.map((k, i) => {
    const o = i * TALLY_WIDTH;
    const due = t[o + 1];
    return {
      kbi: k,
      label: KBI_LABELS[k],
      unit: kbiUnit(k, kbiThreshold(c, k)),
      threshold: kbiThreshold(c, k),
      passed: t[o],
      due,
      pending: t[o + 2],
      actual: due ? t[o + 3] / due : null,
      compliance: due ? t[o] / due : null,
    };
  });

/** Weighted mean compliance over the KBIs that had due checks. */
export function weightedCompliance(c: ScoreConfig, kbis: KbiValue[]): number | null {
  let sum = 0;
  let weights = 0;
  for (const v of kbis) {
    const w = c.formula.kbi[v.kbi];
    if (v.compliance === null || w === 0) continue;
    sum += w * v.compliance;
    weights += w;
  }
  return weights ? sum / weights : null;
}

/** The 0–100 behaviour score; the formula text below must say the same. */
export function behaviourScore(c: ScoreConfig, compliance: number | null, pointsRatio: number): number | null {
  if (compliance === null) return null;
  const { kbiWeight, pointsWeight } = c.formula;
  const total = kbiWeight + pointsWeight || 1;
  // Unrounded: the score feeds team means and perf evaluate; reports round it once, for display.
  return (100 * (kbiWeight * compliance + pointsWeight * pointsRatio)) / total;
}

export function formulaText(c: ScoreConfig): Bi {
  const f = c.formula;
  const total = f.kbiWeight + f.pointsWeight || 1;
  const kw = Math.round((100 * f.kbiWeight) / total);
  const pw = Math.round((100 * f.pointsWeight) / total);
  const weights = KBI_IDS.map((k) => `${k} ${f.kbi[k]}`).join(', ');
  const weightsZh = KBI_IDS.map((k) => `${KBI_SHORT[k].zh} ${f.kbi[k]}`).join('，');
  return bi(
    `score = ${kw} × KBI compliance + ${pw} × min(1, max(0, points ÷ (${f.pointsForFull} × days covered ÷ days in month))). ` +
      `KBI compliance = weighted mean of passed ÷ due checks over the KBIs with due checks (weights: ${weights}). No due check → no score.`,
    `得分 = ${kw} × KBI 达成率 + ${pw} × min(1, max(0, 积分 ÷ (${f.pointsForFull} × 已覆盖天数 ÷ 当月天数)))。` +
      `KBI 达成率 = 有到期检查的各 KBI 的（通过数 ÷ 到期数）加权平均（权重：${weightsZh}）。没有到期检查则不计分。`,
  );
}
