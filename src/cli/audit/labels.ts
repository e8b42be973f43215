import { bi, type Bi } from '../../core/i18n.js';
import type { Flag, FlagKind } from '../../core/audit/index.js';

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
