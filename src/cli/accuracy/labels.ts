import { bi, formatPercent, type Bi, type Lang } from '../../core/i18n.js';
import { BIAS_THRESHOLD, type Verdict } from '../../core/accuracy/index.js';
import type { Level } from '../../core/plan/types.js';

// Shared by the text report and the workbook, so both read the same numbers alike.

export const VERDICTS: Record<Verdict, Bi> = {
  over: bi('over-promising', '过度承诺'),
  under: bi('sandbagging', '保守压数'),
  balanced: bi('balanced', '基本准确'),
};

export const LEVEL_NAMES: Record<Level, Bi> = { company: bi('company', '公司'), team: bi('team', '团队'), rep: bi('rep', '销售') };

const threshold = formatPercent('en', BIAS_THRESHOLD, 0);

export const BIAS_RULE: Bi = bi(
  `Error = forecast − actual. WAPE = Σ|error| ÷ Σ actual; bias = Σ error ÷ Σ actual, over every recorded forecast of a scored month. Bias above +${threshold}: over-promising (the forecast promised more than came); below −${threshold}: sandbagging; between: balanced.`,
  `误差 = 预测 − 实际。WAPE = Σ|误差| ÷ Σ实际；偏差 = Σ误差 ÷ Σ实际，按每个已评分月份的全部记录预测计算。偏差高于 +${threshold}：过度承诺（预测高于实际）；低于 −${threshold}：保守压数；其间：基本准确。`,
);

export const signedPct = (lang: Lang, v: number | null): string => (v === null ? '—' : `${v > 0 ? '+' : v < 0 ? '−' : ''}${formatPercent(lang, Math.abs(v), 1)}`);
export const pct = (lang: Lang, v: number | null): string => (v === null ? '—' : formatPercent(lang, v, 1));
