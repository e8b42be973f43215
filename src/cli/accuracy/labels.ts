import { bi, formatPercent, type Bi, type Lang } from '../../core/i18n.js';
import { BIAS_THRESHOLD, type Verdict } from '../../core/accuracy/index.js';
import type { Level } from '../../core/plan/types.js';

// Shared by the text report and the workbook, so both read the same numbers alike.

// The forecasts scored are perf's own, so a reading says which way they erred for a rep or team, never
// what the rep did: a rep perf over-forecast did not over-promise.
export const VERDICTS: Record<Verdict, Bi> = {
  over: bi('forecast too high', '预测偏高'),
  under: bi('forecast too low', '预测偏低'),
  balanced: bi('balanced', '基本准确'),
};

export const LEVEL_NAMES: Record<Level, Bi> = { company: bi('company', '公司'), team: bi('team', '团队'), rep: bi('rep', '销售') };

const threshold = formatPercent('en', BIAS_THRESHOLD, 0);

export const BIAS_RULE: Bi = bi(
  `Error = forecast − actual. WAPE = Σ|error| ÷ Σ actual; bias = Σ error ÷ Σ actual, over every recorded forecast of a scored month. Bias above +${threshold}: forecast too high (perf's forecast promised more than came); below −${threshold}: forecast too low; between: balanced. These read perf's recorded forecasts for each team and rep, not forecasts the reps made.`,
  `误差 = 预测 − 实际。WAPE = Σ|误差| ÷ Σ实际；偏差 = Σ误差 ÷ Σ实际，按每个已评分月份的全部记录预测计算。偏差高于 +${threshold}：预测偏高（perf 的预测高于实际）；低于 −${threshold}：预测偏低；其间：基本准确。这里评的是 perf 为各团队、各销售记录的预测，不是销售本人的预测。`,
);

export const CONVERGED_RULE: Bi = bi(
  `Converged: the latest re-forecast is within ±${threshold} of the actual (an error that shrank but is still larger is not converged).`,
  `收敛：最近一次重新预测与实际的误差在 ±${threshold} 以内（误差缩小但仍超出此范围的不算收敛）。`,
);

export const signedPct = (lang: Lang, v: number | null): string => (v === null ? '—' : `${v > 0 ? '+' : v < 0 ? '−' : ''}${formatPercent(lang, Math.abs(v), 1)}`);
export const pct = (lang: Lang, v: number | null): string => (v === null ? '—' : formatPercent(lang, v, 1));
