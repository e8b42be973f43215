import { bi, type Bi } from '../../core/i18n.js';
import { FLAG_KINDS, type AuditResult, type Flag, type FlagKind } from '../../core/audit/index.js';

/** A flag's kind as the text report and the workbook both name it. */
export const KIND_LABELS: Record<FlagKind, Bi> = {
  cramming: bi('period-end cramming', '期末突击签单'),
  reversal: bi('period-end deal reversed', '期末订单被撤销'),
  no_activity: bi('no activity before signing', '签约前无活动'),
  fast_close: bi('unusually fast close', '成交异常快'),
  duplicate: bi('duplicate', '重复订单'),
  split: bi('split order', '拆单'),
  single_kpi: bi('single-KPI risk', '单一指标风险'),
};

/** A flag's severity as the text report marks it and the workbook names it. */
export const SEVERITY: Record<Flag['severity'], { mark: string; label: Bi }> = {
  high: { mark: '!!', label: bi('high', '高') },
  medium: { mark: '! ', label: bi('medium', '中') },
  low: { mark: '· ', label: bi('low', '低') },
};

/**
 * The checks that could not run, one line each under a heading, as the text report and the workbook say
 * them: a count of 0 would read as "checked, nothing found". Empty when every check ran.
 */
export function notCheckedLines(t: (text: Bi) => string, r: AuditResult): string[] {
  const kinds = FLAG_KINDS.filter((k) => r.notChecked[k]);
  if (kinds.length === 0) return [];
  return [
    t(bi('Not checked (the input they need is missing; no flag here is not an all-clear):', '未检查（缺少所需数据；此处没有标记不代表没有问题）：')),
    ...kinds.map((k) => `  ${t(KIND_LABELS[k])}${t(bi(': ', '：'))}${t(r.notChecked[k]!)}`),
  ];
}
