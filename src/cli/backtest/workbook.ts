import { bi, tr, type Lang } from '../../core/i18n.js';
import type { PlanBacktest } from '../../core/plan/index.js';
import type { Problem } from '../../schema/problem.js';
import { problemsSheet, type SheetSpec } from '../../io/workbook.js';
import { levelLabel, levelName } from '../forecast/present.js';

/** The scores of every method per series at the requested levels, then the data problems. */
export function backtestSheets(lang: Lang, bt: PlanBacktest, levels: string[], problems: Problem[]): SheetSpec[] {
  const t = (en: string, zh: string) => tr(lang, bi(en, zh));
  return [
    {
      name: t('Backtest', '回测'),
      notes: bt.notes.map((n) => tr(lang, n)),
      columns: [
        { key: 'level', header: t('Level', '层级'), width: 9 },
        { key: 'name', header: t('Name', '名称'), width: 16 },
        { key: 'months', header: t('History months', '历史月数'), format: 'int', width: 10 },
        { key: 'method', header: t('Method', '方法'), width: 14 },
        { key: 'origins', header: t('Origins', '起点'), format: 'int', width: 8 },
        { key: 'mae', header: 'MAE', format: 'decimal', width: 12 },
        { key: 'wape', header: 'WAPE', format: 'percent', width: 9 },
        { key: 'mase', header: 'MASE', format: 'decimal', width: 9 },
        { key: 'bias', header: t('Bias', '偏差'), format: 'decimal', width: 12 },
        { key: 'coverage80', header: t('80% coverage', '80% 覆盖'), format: 'percent', width: 10 },
        { key: 'coverage95', header: t('95% coverage', '95% 覆盖'), format: 'percent', width: 10 },
        { key: 'best', header: t('Lowest MAE', 'MAE 最低'), width: 10 },
      ],
      rows: bt.series
        .filter((s) => levels.includes(s.level))
        .flatMap((s) => s.scores.map((r) => ({ level: levelLabel(lang, s.level), name: levelName(lang, s), months: s.months, ...r, best: r.method === s.best ? '★' : '' }))),
      fill: (row, key) => (key === 'best' && row.best ? 'good' : undefined),
    },
    problemsSheet(lang, problems),
  ];
}
