import type { Accuracy, Scored } from '../../core/accuracy/index.js';
import { bi, tr, type Lang } from '../../core/i18n.js';
import type { Problem } from '../../schema/problem.js';
import { problemsSheet, type SheetColumn, type SheetImage, type SheetSpec } from '../../io/workbook.js';
import { BIAS_RULE, LEVEL_NAMES, VERDICTS } from './labels.js';

/** Quarters (chart and every vintage), error by horizon, bias per series, every scored month, the vintages. */
export function accuracySheets(lang: Lang, a: Accuracy, notes: string[], problems: Problem[], images: SheetImage[]): SheetSpec[] {
  const t = (en: string, zh: string) => tr(lang, bi(en, zh));
  const fmt = a.measure === 'count' ? 'decimal' : 'money';
  const level: SheetColumn = { key: 'level', header: t('Level', '层级'), width: 9 };
  const name: SheetColumn = { key: 'name', header: t('Series', '对象'), width: 18 };
  const sums: SheetColumn[] = [
    { key: 'n', header: t('Forecasts', '预测数'), format: 'int', width: 10 },
    { key: 'actual', header: t('Actual', '实际'), format: fmt, width: 14 },
    { key: 'mae', header: 'MAE', format: fmt, width: 12 },
    { key: 'wape', header: 'WAPE', format: 'percent', width: 9 },
    { key: 'bias', header: t('Bias', '偏差'), format: 'percent', width: 9 },
  ];
  const scored = (r: Scored & { pct?: number | null }) => ({
    ...r,
    level: tr(lang, LEVEL_NAMES[r.level]),
    pct: r.pct ?? (r.actual > 0 ? r.error / r.actual : null),
  });
  const scoredColumns: SheetColumn[] = [
    { key: 'period', header: t('Period', '期间'), width: 10 },
    level,
    name,
    { key: 'vintageLabel', header: t('Recorded as of', '记录基准日期'), width: 15 },
    { key: 'horizon', header: t('Ahead', '提前期'), format: 'int', width: 8 },
    { key: 'forecast', header: t('Forecast', '预测'), format: fmt, width: 13 },
    { key: 'lower80', header: t('80% low', '80% 下界'), format: fmt, width: 12 },
    { key: 'upper80', header: t('80% high', '80% 上界'), format: fmt, width: 12 },
    { key: 'target', header: t('Target', '目标'), format: fmt, width: 13 },
    { key: 'actual', header: t('Actual', '实际'), format: fmt, width: 13 },
    { key: 'error', header: t('Error', '误差'), format: fmt, width: 12 },
    { key: 'pct', header: t('Error %', '误差 %'), format: 'percent', width: 9 },
  ];
  const sheets: SheetSpec[] = [
    {
      name: t('Quarters', '季度'),
      notes: [...notes, t(`Scored months: ${a.scoredMonths.join(', ')}`, `已评分月份：${a.scoredMonths.join('、')}`), t('Error = forecast − actual; Ahead = quarters after the as-of\'s', '误差 = 预测 − 实际；提前期 = 距基准日期所在季度的季度数')],
      columns: scoredColumns,
      rows: a.quarters.flatMap((q) => q.vintages.map(scored)),
      images,
    },
    {
      name: t('By horizon', '按提前期'),
      notes: [t('Months ahead: 0 = the month holding the as-of of the recorded forecast', '提前月数：0 = 记录预测时基准日期所在月')],
      columns: [level, { key: 'horizon', header: t('Months ahead', '提前月数'), format: 'int', width: 12 }, ...sums],
      rows: a.horizons.map((h) => ({ ...h, level: tr(lang, LEVEL_NAMES[h.level]) })),
    },
    {
      name: t('Bias', '偏差'),
      notes: [tr(lang, BIAS_RULE)],
      columns: [level, name, ...sums, { key: 'verdict', header: t('Reading', '判断'), width: 16 }],
      rows: a.groups.map((g) => ({ ...g, level: tr(lang, LEVEL_NAMES[g.level]), verdict: g.verdict === null ? '—' : tr(lang, VERDICTS[g.verdict]) })),
      fill: (row, key) => (key === 'verdict' && row.verdict !== tr(lang, VERDICTS.balanced) && row.verdict !== '—' ? 'warn' : undefined),
    },
    {
      name: t('Months', '月份'),
      notes: [t('Every recorded forecast of a scored month', '每个已评分月份的全部记录预测')],
      columns: scoredColumns.map((c) => (c.key === 'horizon' ? { ...c, header: t('Months ahead', '提前月数') } : c)),
      rows: a.months.map(scored),
    },
    {
      name: t('Vintages', '版本'),
      columns: [
        { key: 'label', header: t('As of', '基准日期'), width: 15 },
        { key: 'method', header: t('Method', '方法'), width: 30 },
        { key: 'scored', header: t('Scored months', '已评分项'), format: 'int', width: 12 },
        { key: 'inputs', header: t('Inputs (sha256)', '输入（sha256）'), width: 60 },
        { key: 'recordedAt', header: t('Recorded at (UTC)', '记录时间（UTC）'), width: 22 },
      ],
      rows: a.vintages.map((v) => ({ ...v, inputs: v.inputs.map((i) => `${i.role}: ${i.file} ${i.sha256.slice(0, 12)}`).join('; ') })),
    },
    problemsSheet(lang, problems),
  ];
  return sheets;
}
